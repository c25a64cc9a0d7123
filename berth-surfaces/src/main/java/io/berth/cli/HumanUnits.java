package io.berth.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Sizes and durations as docker prints them through go-units: {@code 7.3MB}, {@code 1.5GiB}, {@code
 * 3 seconds}, {@code About a minute}; Go's {@code %g} included, so that a size just under a unit
 * prints {@code 1e+03kB} exactly as docker does.
 */
final class HumanUnits {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  private static final String[] BINARY = {
    "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"
  };

  private HumanUnits() {}

  /** go-units {@code HumanSize}: decimal units, four significant digits. */
  static String humanSize(double size) {
    return humanSize(size, 4);
  }

  /** go-units {@code HumanSizeWithPrecision}: decimal units, {@code precision} digits. */
  static String humanSize(double size, int precision) {
    return custom(size, 1000.0, DECIMAL, precision);
  }

  /** go-units {@code BytesSize}: binary units, four significant digits. */
  static String bytesSize(double size) {
    return custom(size, 1024.0, BINARY, 4);
  }

  private static String custom(double size, double base, String[] units, int precision) {
    int unit = 0;
    while (size >= base && unit < units.length - 1) {
      size /= base;
      unit++;
    }
    return goG(size, precision) + units[unit];
  }

  /** Go's {@code %.<precision>g}: shortest digits, exponent form when it is large or small. */
  static String goG(double value, int precision) {
    if (value == 0) {
      return "0";
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.isNaN(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf");
    }
    BigDecimal rounded =
        new BigDecimal(value)
            .round(new MathContext(precision, RoundingMode.HALF_EVEN))
            .stripTrailingZeros();
    String digits = rounded.unscaledValue().abs().toString();
    int decimalPoint = digits.length() - rounded.scale();
    int exponent = decimalPoint - 1;
    int eprec = precision;
    if (eprec > digits.length() && digits.length() >= decimalPoint) {
      eprec = digits.length();
    }
    if (exponent < -4 || exponent >= eprec) {
      String sign = value < 0 ? "-" : "";
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return "%s%se%s%02d".formatted(sign, mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
    }
    return rounded.toPlainString();
  }

  /** go-units {@code HumanDuration}: {@code 3 seconds}, {@code About an hour}, {@code 2 weeks}. */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds == 1) {
      return "1 second";
    } else if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute";
    } else if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(d.toNanos() / 3.6e12);
    if (hours == 1) {
      return "About an hour";
    } else if (hours < 48) {
      return hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return d.toHours() / 24 / 365 + " years";
  }

  /** {@code 3 seconds ago} for a time before {@code now}, as docker's CREATED columns read. */
  static String ago(Instant then, Instant now) {
    return humanDuration(Duration.between(then, now)) + " ago";
  }

  /**
   * Parses docker's {@code 512m}, {@code 1g}, {@code 100k}, {@code 1024} byte sizes (RAMInBytes).
   */
  static long ramInBytes(String option, String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)\\s*([kmgtp])?i?b?$")
            .matcher(text.strip());
    if (!m.matches()) {
      throw FlagError.invalid(text, option, "invalid size: '" + text + "'");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT);
    int power = " kmgtp".indexOf(unit.isEmpty() ? " " : unit);
    return (long) (value * Math.pow(1024, power));
  }
}
