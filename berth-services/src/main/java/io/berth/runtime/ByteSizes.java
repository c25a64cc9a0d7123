package io.berth.runtime;

import io.berth.errors.BerthException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Docker's flags take them ({@code --memory 512m}, {@code --shm-size 1g}): a number with
 * an optional binary unit b, k, m, g, t or p (an {@code i} and a {@code b} may follow).
 */
public final class ByteSizes {

  private static final Pattern SIZE =
      Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");
  private static final String UNITS = "kmgtp";

  private ByteSizes() {}

  /** The number of bytes {@code text} means; Docker's {@code invalid size: '12x'} otherwise. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw BerthException.invalid("invalid size: '%s'", text);
    }
    BigDecimal number = new BigDecimal(m.group(1));
    int power = m.group(2) == null ? 0 : UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    BigDecimal bytes = number.multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw BerthException.invalid("invalid size: '%s' (more than %d bytes)", text, Long.MAX_VALUE);
    }
    return bytes.longValue();
  }
}
