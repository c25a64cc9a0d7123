package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks and matching rules every endpoint's {@code filters} share. */
class FiltersTest {
  private static final Map<String, String> LABELS = Map.of("keep", "no", "tier", "front");

  private static Filters of(String name, String... values) {
    return new Filters(Map.of(name, List.of(values)));
  }

  @Test
  void readsBothJsonShapes() throws Exception {
    Filters map = Filters.fromJson(Json.MAPPER.readTree("{\"label\":{\"a=1\":true,\"b\":true}}"));
    Filters list = Filters.fromJson(Json.MAPPER.readTree("{\"label\":[\"a=1\",\"b\"]}"));
    assertThat(map.get("label")).containsExactly("a=1", "b");
    assertThat(list).isEqualTo(map);
    assertThatThrownBy(() -> Filters.fromJson(Json.MAPPER.readTree("{\"label\":\"a\"}")))
        .hasMessage("invalid filter 'label': expected an object or a list");
  }

  @Test
  void anUnknownFilterIsRefusedAsDockerDoes() {
    Filters f = new Filters(Map.of("label", List.of("a"), "colour", List.of("red")));
    assertThatThrownBy(() -> f.validate(Set.of("label", "until")))
        .isInstanceOf(BerthException.class)
        .hasMessage("invalid filter 'colour'")
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(io.berth.errors.ErrorKind.INVALID_ARGUMENT);
    assertThat(f.validate(Set.of("label", "colour"))).isSameAs(f);
  }

  @Test
  void labelNeedsTheKeyAndLabelWithAValueNeedsThatValue() {
    assertThat(of("label", "keep").labelsHold("label", LABELS)).isTrue();
    assertThat(of("label", "keep=no").labelsHold("label", LABELS)).isTrue();
    assertThat(of("label", "keep=yes").labelsHold("label", LABELS)).isFalse();
    assertThat(of("label", "keep=").labelsHold("label", LABELS)).isFalse();
    assertThat(of("label", "gone").labelsHold("label", LABELS)).isFalse();
    assertThat(of("label", "keep=no", "tier").labelsHold("label", LABELS)).isTrue();
    assertThat(of("label", "keep=no", "tier=back").labelsHold("label", LABELS)).isFalse();
    assertThat(of("label", "keep=").labelsHold("label", Map.of("keep", ""))).isTrue();
    assertThat(of("label", "a=b=c").labelsHold("label", Map.of("a", "b=c"))).isTrue();
    assertThat(Filters.NONE.labelsHold("label", Map.of())).isTrue();
  }

  @Test
  void labelBangSparesWhatMatchesEveryValueGiven() {
    assertThat(of("label!", "keep").labels(LABELS)).isFalse();
    assertThat(of("label!", "keep=no").labels(LABELS)).isFalse();
    assertThat(of("label!", "keep=yes").labels(LABELS)).isTrue();
    assertThat(of("label!", "gone").labels(LABELS)).isTrue();
    assertThat(of("label!", "keep", "tier=front").labels(LABELS)).isFalse();
    // Docker excludes only what matches all the label! values.
    assertThat(of("label!", "keep", "gone").labels(LABELS)).isTrue();
    Filters both = new Filters(Map.of("label", List.of("tier"), "label!", List.of("keep=yes")));
    assertThat(both.labels(LABELS)).isTrue();
    assertThat(both.labels(Map.of("keep", "yes", "tier", "x"))).isFalse();
    assertThat(both.labels(Map.of())).isFalse();
  }

  @Test
  void untilTakesOneDurationOrTimestamp() {
    Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
    assertThat(of("until", "24h").until(clock)).contains(Instant.parse("2024-05-31T12:00:00Z"));
    assertThat(of("until", "1700000000").until(clock)).contains(Instant.ofEpochSecond(1700000000));
    assertThat(of("until", "2024-01-02T03:04:05Z").until(clock))
        .contains(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(Filters.NONE.until(clock)).isEmpty();
    assertThatThrownBy(() -> of("until", "1h", "2h").until(clock))
        .hasMessage("more than one until filter specified");
    assertThatThrownBy(() -> of("until", "yesterday").until(clock))
        .hasMessageStartingWith("invalid filter 'until=yesterday'");
  }

  @Test
  void aBooleanFilterIsTrueOrFalseNotBothNorAnythingElse() {
    assertThat(Filters.NONE.bool("dangling")).isEmpty();
    assertThat(of("dangling", "true").bool("dangling")).contains(true);
    assertThat(of("dangling", "1").bool("dangling")).contains(true);
    assertThat(of("dangling", "false").bool("dangling")).contains(false);
    assertThat(of("dangling", "0", "false").bool("dangling")).contains(false);
    assertThatThrownBy(() -> of("dangling", "maybe").bool("dangling"))
        .hasMessage("invalid filter 'dangling=[maybe]'");
    assertThatThrownBy(() -> of("dangling", "true", "0").bool("dangling"))
        .hasMessage("invalid filter 'dangling=[true 0]'");
    assertThatThrownBy(() -> of("dangling").bool("dangling"))
        .hasMessage("invalid filter 'dangling'");
  }

  @Test
  void aNameMatchesExactlyOrAsARegularExpression() {
    assertThat(Filters.NONE.matches("name", "web")).isTrue();
    assertThat(of("name", "web").matches("name", "my-web-1")).isTrue();
    assertThat(of("name", "^web$").matches("name", "my-web-1")).isFalse();
    assertThat(of("name", "^my-").matches("name", "my-web-1")).isTrue();
    assertThat(of("name", "db", "web").matches("name", "web")).isTrue();
    assertThat(of("name", "[").matches("name", "[")).isTrue();
    assertThat(of("name", "[").matches("name", "a[b")).isFalse();
  }

  @Test
  void singleRefusesSeveralValues() {
    assertThat(of("all", "true").single("all")).isEqualTo(Optional.of("true"));
    assertThatThrownBy(() -> of("all", "true", "1").single("all"))
        .hasMessage("more than one all filter specified");
  }
}
