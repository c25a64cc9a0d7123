package io.berth.api;

import io.berth.errors.BerthException;
import io.berth.image.BuildCacheEntry;
import io.berth.image.BuildCachePruneOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} of {@code POST /build/prune} ({@code docker builder prune --filter}), as
 * Docker hands them to BuildKit: {@code until} (or its old name {@code unused-for}), and one value
 * each of the cache fields {@code id} (a regular expression), {@code description}, {@code type}
 * (always {@code regular}), {@code parent} (which BuildKit does not know, so it matches nothing),
 * and the flags {@code inuse}, {@code shared} and {@code private}, which hold only with an empty
 * value ({@code shared=}). {@code label} and {@code label!} are accepted and not applied, as
 * Docker.
 */
final class BuildCacheFilters {
  /** The query parameters that would keep part of the cache within a size. */
  static final List<String> SPACE_LIMITS =
      List.of("keep-storage", "reserved-space", "max-used-space", "min-free-space");

  private static final List<String> FIELDS =
      List.of("id", "parent", "type", "description", "inuse", "shared", "private");

  private static final Set<String> KNOWN =
      Set.of(
          "until",
          "unused-for",
          "label",
          "label!",
          "id",
          "parent",
          "type",
          "description",
          "inuse",
          "shared",
          "private");

  private BuildCacheFilters() {}

  /** What a prune with {@code filters} (and the {@code all} query flag) deletes. */
  static BuildCachePruneOptions prune(Filters filters, boolean all, Clock clock) {
    filters.validate(KNOWN);
    return new BuildCachePruneOptions(all, until(filters, clock), fields(filters));
  }

  /** The description {@code docker system df -v} shows for a record. */
  static String description(BuildCacheEntry e) {
    return e.snapshot().map(s -> "layer " + s).orElse("config step");
  }

  private static Optional<Instant> until(Filters filters, Clock clock) {
    if (filters.contains("until") && filters.contains("unused-for")) {
      throw BerthException.invalid("conflicting filters: \"until\" and \"unused-for\"");
    }
    String name = filters.contains("unused-for") ? "unused-for" : "until";
    List<String> values = filters.get(name);
    if (values.size() > 1) {
      throw BerthException.invalid("filters expect only one value");
    }
    return values.stream()
        .findFirst()
        .map(v -> FilterTime.parse(name, v, clock.instant(), Filters.zone()));
  }

  private static Optional<Predicate<BuildCacheEntry>> fields(Filters filters) {
    Predicate<BuildCacheEntry> all = e -> true;
    boolean any = false;
    for (String field : FIELDS) {
      if (!filters.contains(field)) {
        continue;
      }
      List<String> values = filters.get(field);
      if (values.size() > 1) {
        throw BerthException.invalid("filters expect only one value");
      }
      all = all.and(field(field, values.stream().findFirst()));
      any = true;
    }
    return any ? Optional.of(all) : Optional.empty();
  }

  /** One field's test: present when given no value, else equal (for {@code id}: found). */
  private static Predicate<BuildCacheEntry> field(String field, Optional<String> value) {
    return switch (field) {
      case "id" -> e -> value.map(v -> found(field, v, e.id())).orElse(true);
      case "type" -> e -> value.map("regular"::equals).orElse(true);
      case "description" -> e -> value.map(description(e)::equals).orElse(true);
      case "inuse" -> e -> false; // nothing in the cache is in use between builds
      case "shared" -> e -> e.shared() && value.map(String::isEmpty).orElse(true);
      case "private" -> e -> !e.shared() && value.map(String::isEmpty).orElse(true);
      default -> e -> false; // parent: no record has one
    };
  }

  private static boolean found(String field, String regex, String id) {
    try {
      return Pattern.compile(regex).matcher(id).find();
    } catch (PatternSyntaxException e) {
      throw BerthException.invalid("invalid filter '%s=%s': %s", field, regex, e.getDescription());
    }
  }
}
