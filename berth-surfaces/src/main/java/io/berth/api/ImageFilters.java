package io.berth.api;

import io.berth.errors.BerthException;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.oci.ImageReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code filters} of {@code GET /images/json}: dangling, label, before, since, reference, as
 * Docker applies them; an unknown filter is an INVALID_ARGUMENT error, as Docker answers.
 */
final class ImageFilters {
  private static final Set<String> KNOWN =
      Set.of("dangling", "label", "before", "since", "reference", "until");

  private final ApiRequest.Filters filters;
  private final Optional<Instant> before;
  private final Optional<Instant> since;

  private ImageFilters(ApiRequest.Filters filters, ImageService images) {
    for (String name : filters.values().keySet()) {
      if (!KNOWN.contains(name)) {
        throw BerthException.invalid("invalid filter '%s'", name);
      }
    }
    this.filters = filters;
    this.before = filters.get("before").stream().findFirst().map(n -> images.resolve(n).created());
    this.since = filters.get("since").stream().findFirst().map(n -> images.resolve(n).created());
  }

  static ImageFilters of(ApiRequest.Filters filters, ImageService images) {
    return new ImageFilters(filters, images);
  }

  /** The images that pass, with only the tags a {@code reference} filter matched, as Docker. */
  List<Image> apply(List<Image> images) {
    return images.stream().filter(this::accepts).map(this::matchingTags).toList();
  }

  private Image matchingTags(Image image) {
    List<String> patterns = filters.get("reference");
    if (patterns.isEmpty()) {
      return image;
    }
    List<ImageReference> kept =
        image.references().stream()
            .filter(r -> patterns.stream().anyMatch(p -> matches(r, glob(p))))
            .toList();
    return new Image(
        image.id(),
        image.manifestDigest(),
        image.manifest(),
        image.config(),
        kept,
        image.created(),
        image.size(),
        image.lastTagTime());
  }

  private static boolean matches(ImageReference ref, Pattern glob) {
    return glob.matcher(ref.familiarString()).matches()
        || glob.matcher(ref.familiarName()).matches();
  }

  private boolean accepts(Image image) {
    List<String> dangling = filters.get("dangling");
    if (!dangling.isEmpty()) {
      boolean want = dangling.getFirst().equals("true") || dangling.getFirst().equals("1");
      if (want != image.references().isEmpty()) {
        return false;
      }
    }
    Map<String, String> labels = image.config().config().labels();
    for (String label : filters.get("label")) {
      if (!labelMatches(labels, label)) {
        return false;
      }
    }
    if (before.isPresent() && !image.created().isBefore(before.get())) {
      return false;
    }
    if (since.isPresent() && !image.created().isAfter(since.get())) {
      return false;
    }
    List<String> references = filters.get("reference");
    return references.isEmpty() || references.stream().anyMatch(p -> referenceMatches(image, p));
  }

  private static boolean labelMatches(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    return eq < 0
        ? labels.containsKey(filter)
        : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  /** Docker's familiar match: the pattern against {@code name:tag} or the bare {@code name}. */
  private static boolean referenceMatches(Image image, String pattern) {
    Pattern glob = glob(pattern);
    return image.references().stream().anyMatch(r -> matches(r, glob));
  }

  static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      switch (ch) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        default -> regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Docker's {@code until}: a timestamp or a duration before now such as {@code 24h}. */
  static Instant until(String value, Clock clock) {
    if (value.matches("[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)")) {
      return clock.instant().minus(goDuration(value));
    }
    return EventRoutes.timestamp("until", value);
  }

  private static Duration goDuration(String value) {
    String unit = value.replaceAll("^[0-9.]+", "");
    double n = Double.parseDouble(value.substring(0, value.length() - unit.length()));
    double nanos =
        switch (unit) {
          case "ns" -> n;
          case "us" -> n * 1e3;
          case "ms" -> n * 1e6;
          case "s" -> n * 1e9;
          case "m" -> n * 60e9;
          default -> n * 3600e9;
        };
    return Duration.ofNanos((long) nanos);
  }
}
