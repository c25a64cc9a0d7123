package io.berth.dockerfile;

import io.berth.errors.BerthException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The health check of {@code HEALTHCHECK [OPTIONS] CMD command}: the command and the options
 * written (an absent option takes the engine's default).
 */
public record HealthcheckSpec(
    Command test,
    Optional<Duration> interval,
    Optional<Duration> timeout,
    Optional<Duration> startPeriod,
    Optional<Duration> startInterval,
    Optional<Integer> retries) {

  public HealthcheckSpec {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startPeriod, "startPeriod");
    Objects.requireNonNull(startInterval, "startInterval");
    Objects.requireNonNull(retries, "retries");
    retries.ifPresent(
        r -> {
          if (r < 0) {
            throw BerthException.invalid("--retries cannot be negative, got %d", r);
          }
        });
  }

  /**
   * Parses a duration as Go writes it ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}),
   * the form HEALTHCHECK's options take.
   */
  public static Duration parseDuration(String flag, String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    if (text.isEmpty()) {
      throw badDuration(flag, text);
    }
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < text.length() && Character.isLetter(text.charAt(i))
          || i < text.length() && text.charAt(i) == 'µ') {
        i++;
      }
      String number = text.substring(start, unitStart);
      String unit = text.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || number.length() > 30 || unit.isEmpty()) {
        throw badDuration(flag, text);
      }
      long scale =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw badDuration(flag, text);
          };
      try {
        nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)));
      } catch (NumberFormatException e) {
        throw badDuration(flag, text);
      }
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw BerthException.invalid("--%s=%s: duration out of range", flag, text);
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static BerthException badDuration(String flag, String text) {
    return BerthException.invalid(
        "--%s=%s: expected a duration such as 30s, 1m30s or 500ms", flag, text);
  }
}
