package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's {@code filters} query parameter: a name such as {@code label} and the values given for
 * it, with the checks and the matching rules every list and prune endpoint shares, as the Engine
 * API applies them: an unknown name is refused ({@code invalid filter 'x'}), {@code label} holds
 * when every {@code key} or {@code key=value} given holds, {@code until} is a Go duration before
 * now or a timestamp.
 */
public record Filters(Map<String, List<String>> values) {
  public static final Filters NONE = new Filters(Map.of());

  public Filters {
    values = Map.copyOf(values);
  }

  /** Refuses a filter whose name is not in {@code accepted}, as Docker answers (400). */
  public Filters validate(Set<String> accepted) {
    for (String name : values.keySet()) {
      if (!accepted.contains(name)) {
        throw BerthException.invalid("invalid filter '%s'", name);
      }
    }
    return this;
  }

  /** Whether filter {@code name} was given, even without a value. */
  public boolean contains(String name) {
    return values.containsKey(name);
  }

  /** The values given for {@code name}; empty when the filter is absent. */
  public List<String> get(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Whether {@code name} is absent or one of its values is {@code actual}. */
  public boolean accepts(String name, String actual) {
    List<String> wanted = get(name);
    return wanted.isEmpty() || wanted.contains(actual);
  }

  /**
   * Whether {@code name} is absent or one of its values is {@code source} or a regular expression
   * found in it ({@code name=web} matches {@code my-web-1}), as Docker matches names; a value that
   * is not a valid expression matches only itself.
   */
  public boolean matches(String name, String source) {
    List<String> wanted = get(name);
    return wanted.isEmpty()
        || wanted.contains(source)
        || wanted.stream().anyMatch(w -> found(w, source));
  }

  private static boolean found(String regex, String source) {
    try {
      return Pattern.compile(regex).matcher(source).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /**
   * The {@code label} and {@code label!} filters of the prune endpoints: every {@code label} holds,
   * and the {@code label!} values do not all hold (Docker excludes only what matches them all).
   */
  public boolean labels(Map<String, String> labels) {
    return labelsHold("label", labels) && !(contains("label!") && labelsHold("label!", labels));
  }

  /**
   * Whether each value of {@code name} holds for {@code labels}: {@code key} is present, or {@code
   * key=value} is; true when the filter has no value.
   */
  public boolean labelsHold(String name, Map<String, String> labels) {
    return get(name).stream().allMatch(v -> labelHolds(v, labels));
  }

  static boolean labelHolds(String filter, Map<String, String> labels) {
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  /**
   * A boolean filter such as {@code dangling}: {@code true}/{@code 1} or {@code false}/{@code 0};
   * empty when absent, refused when it has no value, another value, or both.
   */
  public Optional<Boolean> bool(String name) {
    if (!contains(name)) {
      return Optional.empty();
    }
    List<String> given = get(name);
    if (given.isEmpty()) {
      throw BerthException.invalid("invalid filter '%s'", name);
    }
    boolean isTrue = given.contains("true") || given.contains("1");
    boolean isFalse = given.contains("false") || given.contains("0");
    if (isTrue == isFalse) {
      throw BerthException.invalid("invalid filter '%s=[%s]'", name, String.join(" ", given));
    }
    return Optional.of(isTrue);
  }

  /**
   * The {@code until} filter of the prune endpoints as an instant: its one value read by {@link
   * FilterTime}, a duration counted back from {@code clock}'s now; empty when absent.
   */
  public Optional<Instant> until(Clock clock) {
    return single("until").map(v -> FilterTime.parse("until", v, clock.instant(), zone()));
  }

  /** The one value of {@code name}; empty when absent, refused when there are several. */
  public Optional<String> single(String name) {
    List<String> given = get(name);
    if (given.size() > 1) {
      throw BerthException.invalid("more than one %s filter specified", name);
    }
    return given.stream().findFirst();
  }

  /** The daemon's time zone, in which a timestamp without an offset is read, as Docker does. */
  static ZoneId zone() {
    return ZoneId.systemDefault();
  }

  /** Parses either of Docker's two JSON shapes: {@code {"k":{"v":true}}} or {@code {"k":["v"]}}. */
  static Filters fromJson(JsonNode node) {
    if (!node.isObject()) {
      throw BerthException.invalid("invalid filter: expected a JSON object, got %s", node);
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              List<String> list = new ArrayList<>();
              JsonNode v = e.getValue();
              if (v.isObject()) {
                v.properties().forEach(p -> list.add(p.getKey()));
              } else if (v.isArray()) {
                v.forEach(item -> list.add(item.asText()));
              } else {
                throw BerthException.invalid(
                    "invalid filter '%s': expected an object or a list", e.getKey());
              }
              values.put(e.getKey(), List.copyOf(list));
            });
    return new Filters(values);
  }
}
