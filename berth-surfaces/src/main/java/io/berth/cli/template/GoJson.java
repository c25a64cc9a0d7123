package io.berth.cli.template;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON as Go's encoder writes it with HTML escaping off, which is what docker's {@code json} does.
 */
final class GoJson {
  private GoJson() {}

  static String encode(Object value) {
    StringBuilder out = new StringBuilder();
    write(GoValues.unwrap(value), out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    switch (v) {
      case null -> out.append("null");
      case GoValues.Missing m -> out.append("null");
      case String s -> string(s, out);
      case Boolean b -> out.append(b);
      case Double d -> out.append(number(d));
      case Float f -> out.append(number(f.doubleValue()));
      case Number n -> out.append(n);
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(GoValues.unwrap(list.get(i)), out);
        }
        out.append(']');
      }
      case Map<?, ?> map -> {
        Map<?, ?> entries = GoValues.ordered(map) ? map : GoValues.sorted(map);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : entries.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(String.valueOf(e.getKey()), out);
          out.append(':');
          write(GoValues.unwrap(e.getValue()), out);
        }
        out.append('}');
      }
      case Record r -> {
        out.append('{');
        RecordComponent[] parts = r.getClass().getRecordComponents();
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            out.append(',');
          }
          string(parts[i].getName(), out);
          out.append(':');
          write(GoValues.field(r, parts[i].getName()), out);
        }
        out.append('}');
      }
      default -> string(v.toString(), out);
    }
  }

  /** Go's float64 encoding: plain digits unless the exponent is below -6 or at least 21. */
  private static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new ExecError("json: unsupported value: " + GoValues.formatFloat(d));
    }
    if (d == 0) {
      return "0";
    }
    double abs = Math.abs(d);
    if (abs < 1e-6 || abs >= 1e21) {
      String text = GoValues.formatFloat(d);
      // Go trims the exponent's leading zero: 1e-07 becomes 1e-7.
      return text.replaceFirst("e([-+])0(\\d)$", "e$1$2");
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
