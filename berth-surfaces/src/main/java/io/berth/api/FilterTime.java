package io.berth.api;

import io.berth.errors.BerthException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times Docker's {@code until} filters take: a Go duration counted back from now ({@code 24h},
 * {@code 1h30m}, {@code 1.5h}, {@code 500ms}), an RFC 3339 date or time, with or without an offset
 * or seconds ({@code 2024-01-02}, {@code 2024-01-02T15:04}, {@code 2024-01-02T15:04:05.5Z}; without
 * an offset it is the daemon's local time), or a Unix timestamp ({@code 1700000000.5}).
 */
final class FilterTime {
  private static final String NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
  private static final Pattern DURATION =
      Pattern.compile("[-+]?(?:0|(?:" + NUMBER + "(?:ns|us|µs|μs|ms|s|m|h))+)");
  private static final Pattern PART = Pattern.compile("(" + NUMBER + ")(ns|us|µs|μs|ms|s|m|h)");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})"
              + "(?:T([0-9]{2})(?::([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?)?)?"
              + "(Z|[+-][0-9]{2}:[0-9]{2})?");
  private static final Pattern UNIX = Pattern.compile("\\+?([0-9]+)(?:\\.([0-9]{0,20}))?");

  private FilterTime() {}

  /**
   * Reads {@code value}, the value of filter {@code name}: a duration is taken from {@code now}, a
   * time without an offset is in {@code zone}.
   */
  static Instant parse(String name, String value, Instant now, ZoneId zone) {
    if (value.isBlank()) {
      throw invalid(name, value);
    }
    // "0" is the Unix epoch, not a zero duration, as in Docker.
    if (!value.equals("0") && DURATION.matcher(value).matches()) {
      return now.minus(duration(name, value));
    }
    Matcher dateTime = DATE_TIME.matcher(value);
    if (dateTime.matches()) {
      return dateTime(name, value, dateTime, zone, now);
    }
    Matcher unix = UNIX.matcher(value);
    if (!value.contains("-") && unix.matches()) {
      return unix(name, value, unix);
    }
    throw invalid(name, value);
  }

  /** A Go duration such as {@code 1h30m} or {@code -2.5s}. */
  static Duration duration(String name, String value) {
    boolean negative = value.startsWith("-");
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      long scale =
          switch (part.group(2)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      String number = part.group(1);
      nanos =
          nanos.add(
              new BigDecimal(number.endsWith(".") ? number + "0" : number)
                  .multiply(BigDecimal.valueOf(scale)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw BerthException.invalid("invalid filter '%s=%s': duration out of range", name, value);
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }

  private static Instant dateTime(String name, String value, Matcher m, ZoneId zone, Instant now) {
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              field(m, 4),
              field(m, 5),
              field(m, 6),
              m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
      ZoneOffset offset =
          m.group(8) == null ? zone.getRules().getOffset(now) : ZoneOffset.of(m.group(8));
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw invalid(name, value);
    }
  }

  private static int field(Matcher m, int group) {
    return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
  }

  private static Instant unix(String name, String value, Matcher m) {
    try {
      long seconds = Long.parseLong(m.group(1));
      String fraction = m.group(2) == null ? "" : m.group(2);
      long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (NumberFormatException | DateTimeException e) {
      throw invalid(name, value);
    }
  }

  private static BerthException invalid(String name, String value) {
    return BerthException.invalid(
        "invalid filter '%s=%s': expected a duration such as 24h or 10m, an RFC 3339 time such as"
            + " 2024-01-02T15:04:05Z, or a Unix timestamp",
        name, value);
  }
}
