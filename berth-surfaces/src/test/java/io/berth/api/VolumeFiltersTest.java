package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.container.Volume;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Which unused volumes {@code POST /volumes/prune} removes. */
class VolumeFiltersTest {
  private static final ApiVersion V151 = new ApiVersion(1, 51);

  private static final Volume ANONYMOUS = volume("0123abcd", Map.of(), true);
  private static final Volume NAMED = volume("data", Map.of("keep", "no"), false);
  private static final Volume KEPT = volume("kept", Map.of("keep", "yes"), false);
  private static final List<Volume> ALL = List.of(ANONYMOUS, NAMED, KEPT);

  private static Volume volume(String name, Map<String, String> labels, boolean anonymous) {
    return new Volume(
        name, "local", Path.of("/v", name), labels, Map.of(), Instant.EPOCH, anonymous);
  }

  private static List<String> pruned(Map<String, List<String>> filters, ApiVersion version) {
    Predicate<Volume> which = VolumeRoutes.pruned(new Filters(filters), version);
    return ALL.stream().filter(which).map(Volume::name).toList();
  }

  @Test
  void onlyAnonymousVolumesUnlessAllOrAnOldApi() {
    assertThat(pruned(Map.of(), V151)).containsExactly("0123abcd");
    assertThat(pruned(Map.of("all", List.of("true")), V151)).hasSize(3);
    assertThat(pruned(Map.of("all", List.of("False")), V151)).containsExactly("0123abcd");
    assertThat(pruned(Map.of(), new ApiVersion(1, 41))).hasSize(3);
  }

  @Test
  void labelAndLabelBangSelectAmongThem() {
    assertThat(pruned(Map.of("all", List.of("1"), "label", List.of("keep=no")), V151))
        .containsExactly("data");
    assertThat(pruned(Map.of("all", List.of("1"), "label!", List.of("keep=yes")), V151))
        .containsExactly("0123abcd", "data");
    assertThat(pruned(Map.of("label", List.of("keep")), V151)).isEmpty();
  }

  @Test
  void unknownFiltersAndBadValuesAreRefused() {
    assertThatThrownBy(() -> pruned(Map.of("until", List.of("24h")), V151))
        .hasMessage("invalid filter 'until'");
    assertThatThrownBy(() -> pruned(Map.of("dangling", List.of("true")), V151))
        .hasMessage("invalid filter 'dangling'");
    assertThatThrownBy(() -> pruned(Map.of("all", List.of("yes")), V151))
        .hasMessage("invalid filter 'all=yes': not a boolean");
    assertThatThrownBy(() -> pruned(Map.of("all", List.of("true", "false")), V151))
        .hasMessage("more than one all filter specified");
  }
}
