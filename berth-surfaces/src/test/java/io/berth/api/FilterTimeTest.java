package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code until} values Docker's filters take: Go durations, RFC 3339 times, Unix times. */
class FilterTimeTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris"); // +02:00 in June

  private static Instant parse(String value) {
    return FilterTime.parse("until", value, NOW, PARIS);
  }

  @ParameterizedTest
  @CsvSource({
    "24h, PT24H",
    "10m, PT10M",
    "90s, PT90S",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    ".5h, PT30M",
    "500ms, PT0.5S",
    "2us, PT0.000002S",
    "3µs, PT0.000003S",
    "7ns, PT0.000000007S",
    "-1h, PT-1H",
    "+2m, PT2M",
    "-0, PT0S",
  })
  void aGoDurationIsCountedBackFromNow(String value, Duration back) {
    assertThat(parse(value)).isEqualTo(NOW.minus(back));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-02T03:04:05Z, 2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05.123456789Z, 2024-01-02T03:04:05.123456789Z",
    "2024-01-02T03:04:05.5+01:00, 2024-01-02T02:04:05.5Z",
    "2024-01-02T03:04:05-05:30, 2024-01-02T08:34:05Z",
    "2024-01-02T03:04+01:00, 2024-01-02T02:04:00Z",
    "2024-01-02T03Z, 2024-01-02T03:00:00Z",
    "2024-01-02Z, 2024-01-02T00:00:00Z",
    "2024-01-02+03:00, 2024-01-01T21:00:00Z",
  })
  void anRfc3339TimeWithAnOffsetIsThatInstant(String value, Instant expected) {
    assertThat(parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-02T03:04:05, 2024-01-02T01:04:05Z",
    "2024-01-02T03:04:05.25, 2024-01-02T01:04:05.25Z",
    "2024-01-02T03:04, 2024-01-02T01:04:00Z",
    "2024-01-02T03, 2024-01-02T01:00:00Z",
    "2024-01-02, 2024-01-01T22:00:00Z",
  })
  void aTimeWithoutAnOffsetIsInTheDaemonsZoneAsNow(String value, Instant expected) {
    // Docker reads it with the offset the zone has now (+02:00), even for a winter date.
    assertThat(parse(value)).isEqualTo(expected);
  }

  /** A bare number, {@code 0} included, is a Unix timestamp, not a duration, as in Docker. */
  @ParameterizedTest
  @CsvSource({
    "1700000000, 1700000000, 0",
    "1700000000.5, 1700000000, 500000000",
    "1700000000.000000001, 1700000000, 1",
    "1700000000.1234567891234, 1700000000, 123456789",
    "1700000000., 1700000000, 0",
    "0, 0, 0",
    "24, 24, 0",
  })
  void aUnixTimestampIsSecondsAndNanoseconds(String value, long seconds, long nanos) {
    assertThat(parse(value)).isEqualTo(Instant.ofEpochSecond(seconds, nanos));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "soon",
        "h",
        "1d",
        "1hm",
        "10 m",
        "2024-13-01",
        "2024-02-30T10:00:00Z",
        "2024-01-02T25:00",
        "2024-01-02 10:00",
        "-1700000000",
        "1700000000.5x",
      })
  void anythingElseIsRefusedNamingTheFilter(String value) {
    assertThatThrownBy(() -> parse(value))
        .isInstanceOf(BerthException.class)
        .hasMessageStartingWith("invalid filter 'until=" + value + "': expected a duration");
  }

  @Test
  void aZoneWithoutDaylightSavingGivesItsOffset() {
    assertThat(FilterTime.parse("until", "2024-01-02T03:04:05", NOW, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
  }
}
