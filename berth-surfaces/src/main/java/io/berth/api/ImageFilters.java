package io.berth.api;

import io.berth.errors.BerthException;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.oci.ImageReference;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code filters} of {@code GET /images/json}: dangling, label, before, since, until,
 * reference, as Docker applies them; an unknown filter is an INVALID_ARGUMENT error, as Docker
 * answers.
 */
final class ImageFilters {
  private static final Set<String> KNOWN =
      Set.of("dangling", "label", "before", "since", "reference", "until");

  private final Filters filters;
  private final Optional<Boolean> dangling;
  private final Optional<Instant> before;
  private final Optional<Instant> since;

  private ImageFilters(Filters filters, ImageService images, Clock clock) {
    this.filters = filters.validate(KNOWN);
    this.dangling = filters.bool("dangling");
    filters.get("reference").forEach(ImageFilters::glob);
    // Several before and until values take the oldest, several since values the newest.
    this.before =
        Stream.concat(
                filters.get("before").stream().map(n -> images.resolve(n).created()),
                filters.get("until").stream()
                    .map(u -> FilterTime.parse("until", u, clock.instant(), Filters.zone())))
            .min(Instant::compareTo);
    this.since =
        filters.get("since").stream().map(n -> images.resolve(n).created()).max(Instant::compareTo);
  }

  static ImageFilters of(Filters filters, ImageService images, Clock clock) {
    return new ImageFilters(filters, images, clock);
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

  /**
   * Docker's match of a {@code reference} pattern: against {@code name:tag}, the bare {@code name},
   * and both in full ({@code docker.io/library/name}).
   */
  private static boolean matches(ImageReference ref, Pattern glob) {
    return Stream.of(ref.familiarString(), ref.familiarName(), ref.toString(), ref.repository())
        .anyMatch(target -> glob.matcher(target).matches());
  }

  private boolean accepts(Image image) {
    if (dangling.isPresent() && dangling.get() != image.references().isEmpty()) {
      return false;
    }
    if (!filters.labelsHold("label", image.config().config().labels())) {
      return false;
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

  /** Docker's familiar match: the pattern against {@code name:tag} or the bare {@code name}. */
  private static boolean referenceMatches(Image image, String pattern) {
    Pattern glob = glob(pattern);
    return image.references().stream().anyMatch(r -> matches(r, glob));
  }

  /**
   * Go's {@code path.Match} pattern as a regular expression: {@code *} any run of characters but
   * {@code /}, {@code ?} one of them, {@code [a-z]} and {@code [^a-z]} classes, and a backslash
   * escapes the next character.
   */
  static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char ch = pattern.charAt(i++);
      switch (ch) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '[' -> i = charClass(pattern, i, regex);
        case '\\' -> {
          if (i == pattern.length()) {
            throw badPattern(pattern);
          }
          regex.append(Pattern.quote(String.valueOf(pattern.charAt(i++))));
        }
        default -> regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Appends the class that starts after the {@code [} at {@code start}; returns where it ends. */
  private static int charClass(String pattern, int start, StringBuilder regex) {
    int i = start;
    regex.append('[');
    if (i < pattern.length() && pattern.charAt(i) == '^') {
      regex.append('^');
      i++;
    }
    int ranges = 0;
    while (true) {
      if (i >= pattern.length()) {
        throw badPattern(pattern);
      }
      if (pattern.charAt(i) == ']' && ranges > 0) {
        regex.append(']');
        return i + 1;
      }
      int[] lo = classChar(pattern, i);
      i = lo[1];
      regex.append(quoted((char) lo[0]));
      if (i < pattern.length() && pattern.charAt(i) == '-') {
        int[] hi = classChar(pattern, i + 1);
        if (hi[0] < lo[0]) {
          throw badPattern(pattern);
        }
        i = hi[1];
        regex.append('-').append(quoted((char) hi[0]));
      }
      ranges++;
    }
  }

  /** The class character at {@code i} (after an escape) and the index after it. */
  private static int[] classChar(String pattern, int i) {
    if (i >= pattern.length() || pattern.charAt(i) == '-' || pattern.charAt(i) == ']') {
      throw badPattern(pattern);
    }
    if (pattern.charAt(i) == '\\') {
      if (i + 1 >= pattern.length()) {
        throw badPattern(pattern);
      }
      return new int[] {pattern.charAt(i + 1), i + 2};
    }
    return new int[] {pattern.charAt(i), i + 1};
  }

  private static String quoted(char ch) {
    return Character.isLetterOrDigit(ch) ? String.valueOf(ch) : "\\" + ch;
  }

  private static BerthException badPattern(String pattern) {
    return BerthException.invalid(
        "invalid filter 'reference=%s': syntax error in pattern", pattern);
  }
}
