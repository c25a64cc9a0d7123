package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event filters and timestamps of {@code GET /events}. */
class EventRoutesTest {
  private static final EngineEvent START =
      new EngineEvent(
          "container",
          "start",
          "abc123",
          Map.of("name", "web", "image", "busybox:1", "tier", "front"),
          Instant.EPOCH);

  private static boolean accepts(Map<String, List<String>> filters) {
    return EventFilter.of(new Filters(filters)).accepts(START);
  }

  @Test
  void filtersByTypeEventContainerImageAndLabel() {
    assertThat(accepts(Map.of())).isTrue();
    assertThat(accepts(Map.of("type", List.of("container")))).isTrue();
    assertThat(accepts(Map.of("type", List.of("image")))).isFalse();
    assertThat(accepts(Map.of("event", List.of("die", "start")))).isTrue();
    assertThat(accepts(Map.of("container", List.of("web")))).isTrue();
    assertThat(accepts(Map.of("container", List.of("abc")))).isTrue();
    assertThat(accepts(Map.of("container", List.of("other")))).isFalse();
    assertThat(accepts(Map.of("image", List.of("busybox")))).isTrue();
    assertThat(accepts(Map.of("label", List.of("tier")))).isTrue();
    assertThat(accepts(Map.of("label", List.of("tier=back")))).isFalse();
  }

  @Test
  void anUnknownFilterIsInvalid() {
    assertThatThrownBy(() -> accepts(Map.of("colour", List.of("red"))))
        .isInstanceOf(BerthException.class)
        .hasMessage("invalid filter 'colour'");
  }

  @Test
  void readsDockersTimestamps() {
    assertThat(EventRoutes.timestamp("since", "1700000000"))
        .isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(EventRoutes.timestamp("since", "1700000000.5"))
        .isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
    assertThatThrownBy(() -> EventRoutes.timestamp("until", "soon"))
        .hasMessageContaining("invalid value for until: \"soon\"");
  }
}
