package io.berth.cli.template;

import java.math.BigInteger;
import java.util.List;

/** The subset of Go's fmt.Sprintf that templates use: %s %d %v %q %t %x %X %f %e %g %c %%. */
final class GoFormat {
  private GoFormat() {}

  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }

      // Flags, width and precision, then the verb.
      int start = i++;
      StringBuilder flags = new StringBuilder();
      while (i < format.length() && "-+# 0".indexOf(format.charAt(i)) >= 0) {
        flags.append(format.charAt(i++));
      }
      int width = -1;
      int w = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > w) {
        width = Integer.parseInt(format.substring(w, i));
      }
      int precision = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        int p = ++i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        precision = i > p ? Integer.parseInt(format.substring(p, i)) : 0;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (arg >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object value = GoValues.unwrap(args.get(arg++));
      String text = verb(verb, value, precision, flags.toString());
      out.append(pad(text, width, flags.toString(), verb));
    }
    if (arg < args.size()) {
      out.append("%!(EXTRA ");
      for (int a = arg; a < args.size(); a++) {
        Object v = GoValues.unwrap(args.get(a));
        out.append(a > arg ? ", " : "").append(GoValues.typeName(v)).append('=');
        out.append(GoValues.print(v));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String verb(char verb, Object value, int precision, String flags) {
    return switch (verb) {
      case 'v', 's' -> truncate(GoValues.print(value), precision);
      case 'q' -> quote(GoValues.print(value));
      case 't' -> value instanceof Boolean b ? b.toString() : bad(verb, value);
      case 'd' ->
          integer(value).map(n -> signed(n.toString(), flags)).orElseGet(() -> bad(verb, value));
      case 'x', 'X' -> {
        String hex =
            integer(value)
                .map(n -> n.toString(16))
                .orElseGet(
                    () ->
                        value instanceof String s
                            ? java.util.HexFormat.of()
                                .formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            : bad(verb, value));
        yield verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
      }
      case 'c' ->
          integer(value)
              .map(n -> Character.toString(n.intValue()))
              .orElseGet(() -> bad(verb, value));
      case 'f', 'e', 'g' ->
          value instanceof Number n
              ? floating(verb, n.doubleValue(), precision, flags)
              : bad(verb, value);
      default -> bad(verb, value);
    };
  }

  private static String floating(char verb, double d, int precision, String flags) {
    String text =
        switch (verb) {
          case 'f' -> String.format("%." + (precision < 0 ? 6 : precision) + "f", d);
          case 'e' -> String.format("%." + (precision < 0 ? 6 : precision) + "e", d);
          default ->
              precision < 0 ? GoValues.formatFloat(d) : String.format("%." + precision + "g", d);
        };
    return signed(text, flags);
  }

  private static String signed(String text, String flags) {
    if (flags.contains("+") && !text.startsWith("-")) {
      return "+" + text;
    }
    if (flags.contains(" ") && !text.startsWith("-")) {
      return " " + text;
    }
    return text;
  }

  private static java.util.Optional<BigInteger> integer(Object v) {
    return switch (v) {
      case Long l -> java.util.Optional.of(BigInteger.valueOf(l));
      case Integer i -> java.util.Optional.of(BigInteger.valueOf(i));
      case Short s -> java.util.Optional.of(BigInteger.valueOf(s));
      case Byte b -> java.util.Optional.of(BigInteger.valueOf(b));
      case BigInteger b -> java.util.Optional.of(b);
      case null, default -> java.util.Optional.empty();
    };
  }

  private static String truncate(String s, int precision) {
    if (precision < 0 || s.codePointCount(0, s.length()) <= precision) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, precision));
  }

  private static String pad(String text, int width, String flags, char verb) {
    int length = text.codePointCount(0, text.length());
    if (width <= length) {
      return text;
    }
    String fill = " ".repeat(width - length);
    if (flags.contains("-")) {
      return text + fill;
    }
    if (flags.contains("0") && "dxXfeg".indexOf(verb) >= 0) {
      boolean sign = text.startsWith("-") || text.startsWith("+");
      String zeros = "0".repeat(width - length);
      return sign ? text.charAt(0) + zeros + text.substring(1) : zeros + text;
    }
    return fill + text;
  }

  /** Go's %q: a double-quoted string with Go escapes. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder();
    GoJson.string(s, out);
    return out.toString();
  }

  private static String bad(char verb, Object value) {
    return "%!" + verb + "(" + GoValues.typeName(value) + "=" + GoValues.print(value) + ")";
  }
}
