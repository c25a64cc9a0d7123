package io.berth.cli;

import io.berth.errors.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times docker's CLI accepts for {@code --since} and {@code --until} — a Unix timestamp, an RFC
 * 3339 date or time, or a Go duration before now such as {@code 10m} — as the API's {@code
 * seconds.nanoseconds}.
 */
final class Timestamps {
  private static final Pattern UNIX = Pattern.compile("^-?[0-9]+(\\.[0-9]{1,9})?$");
  private static final Pattern DURATION =
      Pattern.compile("^(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private Timestamps() {}

  static String toApi(String option, String value, Instant now) {
    if (UNIX.matcher(value).matches()) {
      return value;
    }
    if (DURATION.matcher(value).matches()) {
      return format(now.minus(duration(value)));
    }
    try {
      return format(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      // not a full RFC 3339 time with an offset; try the shorter forms
    }
    try {
      return format(LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException e) {
      // not a local date-time either
    }
    try {
      return format(LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException e) {
      throw BerthException.invalid(
          "invalid value \"%s\" for --%s: expected a Unix timestamp, an RFC 3339 date or time,"
              + " or a duration such as 10m",
          value, option);
    }
  }

  static Duration duration(String value) {
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      double amount = Double.parseDouble(m.group(1));
      long nanosPerUnit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      total = total.plusNanos(Math.round(amount * nanosPerUnit));
    }
    return total;
  }

  static String format(Instant instant) {
    return "%d.%09d".formatted(instant.getEpochSecond(), instant.getNano());
  }
}
