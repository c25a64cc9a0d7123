package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.BuildCacheEntry;
import io.berth.image.BuildCachePruneOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The filters of {@code POST /build/prune}, as Docker hands them to BuildKit. */
class BuildCacheFiltersTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final BuildCacheEntry LAYER =
      new BuildCacheEntry(
          "sha256:aaa1", Optional.of("sha256:chain"), 10, false, NOW, NOW.minusSeconds(7200));
  private static final BuildCacheEntry SHARED =
      new BuildCacheEntry("sha256:bbb2", Optional.of("sha256:c2"), 10, true, NOW, NOW);
  private static final BuildCacheEntry CONFIG =
      new BuildCacheEntry("sha256:ccc3", Optional.empty(), 0, false, NOW, NOW.minusSeconds(60));
  private static final List<BuildCacheEntry> ALL = List.of(LAYER, SHARED, CONFIG);

  private static List<String> pruned(Map<String, List<String>> filters, boolean all) {
    BuildCachePruneOptions options = BuildCacheFilters.prune(new Filters(filters), all, CLOCK);
    return ALL.stream().filter(options::selects).map(BuildCacheEntry::id).toList();
  }

  @Test
  void withoutAllTheRecordsAnImageSharesStay() {
    assertThat(pruned(Map.of(), false)).containsExactly("sha256:aaa1", "sha256:ccc3");
    assertThat(pruned(Map.of(), true)).hasSize(3);
    assertThat(BuildCacheFilters.prune(Filters.NONE, true, CLOCK).everything()).isTrue();
  }

  @Test
  void untilAndUnusedForKeepWhatWasUsedSince() {
    assertThat(pruned(Map.of("until", List.of("1h")), true)).containsExactly("sha256:aaa1");
    assertThat(pruned(Map.of("unused-for", List.of("30s")), true))
        .containsExactly("sha256:aaa1", "sha256:ccc3");
    assertThat(BuildCacheFilters.prune(Filters.NONE, true, CLOCK).until()).isEmpty();
    assertThatThrownBy(
            () -> pruned(Map.of("until", List.of("1h"), "unused-for", List.of("1h")), true))
        .hasMessage("conflicting filters: \"until\" and \"unused-for\"");
    assertThatThrownBy(() -> pruned(Map.of("until", List.of("1h", "2h")), true))
        .hasMessage("filters expect only one value");
  }

  @Test
  void cacheFieldsSelectAsBuildKitDoes() {
    assertThat(pruned(Map.of("id", List.of("^sha256:b")), true)).containsExactly("sha256:bbb2");
    assertThat(pruned(Map.of("description", List.of("config step")), true))
        .containsExactly("sha256:ccc3");
    assertThat(pruned(Map.of("type", List.of("regular")), true)).hasSize(3);
    assertThat(pruned(Map.of("shared", List.of("")), true)).containsExactly("sha256:bbb2");
    assertThat(pruned(Map.of("private", List.of("")), true))
        .containsExactly("sha256:aaa1", "sha256:ccc3");
    // A flag given a value matches nothing in BuildKit, nor does the unknown parent field.
    assertThat(pruned(Map.of("shared", List.of("true")), true)).isEmpty();
    assertThat(pruned(Map.of("inuse", List.of("")), true)).isEmpty();
    assertThat(pruned(Map.of("parent", List.of("sha256:aaa1")), true)).isEmpty();
    assertThat(
            BuildCacheFilters.prune(new Filters(Map.of("id", List.of("x"))), true, CLOCK)
                .everything())
        .isFalse();
  }

  @Test
  void labelsAreAcceptedAndNotAppliedAsDockerAndTheRestIsRefused() {
    assertThat(pruned(Map.of("label", List.of("a=b")), true)).hasSize(3);
    assertThatThrownBy(() -> pruned(Map.of("all", List.of("true")), true))
        .hasMessage("invalid filter 'all'");
    assertThatThrownBy(() -> pruned(Map.of("mutable", List.of("")), true))
        .hasMessage("invalid filter 'mutable'");
    assertThatThrownBy(() -> pruned(Map.of("id", List.of("a", "b")), true))
        .hasMessage("filters expect only one value");
  }
}
