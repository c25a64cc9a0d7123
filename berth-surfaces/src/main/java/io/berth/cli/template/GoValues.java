package io.berth.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Java values seen the way Go's templates see theirs: JSON trees as maps and lists, Go's
 * truthiness, and Go's {@code %v} printing ({@code map[a:b]}, {@code [a b]}, {@code <nil>}).
 */
final class GoValues {
  /** The result of looking up a key that is not there; Go prints it as {@code <no value>}. */
  enum Missing {
    VALUE
  }

  private GoValues() {}

  /** The value as the engine handles it: JSON nodes become views, Optionals are unwrapped. */
  static Object unwrap(Object v) {
    if (v instanceof Optional<?> o) {
      return o.isEmpty() ? null : unwrap(o.get());
    }
    if (v instanceof JsonNode n) {
      return switch (n.getNodeType()) {
        case OBJECT -> new JsonObjectView(n);
        case ARRAY -> new JsonArrayView(n);
        case STRING -> n.textValue();
        case BOOLEAN -> n.booleanValue();
        case NUMBER ->
            n.isIntegralNumber()
                ? (n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue())
                : (Object) n.doubleValue();
        case BINARY, POJO -> n.toString();
        case NULL, MISSING -> null;
      };
    }
    if (v instanceof Object[] array) {
      return List.of(array);
    }
    if (v instanceof Collection<?> c && !(v instanceof List<?>)) {
      return new ArrayList<>(c);
    }
    return v;
  }

  /** The field {@code name} of {@code receiver}: a map entry or a record component. */
  static Object field(Object receiver, String name) {
    Object r = unwrap(receiver);
    if (r == null || r == Missing.VALUE) {
      return Missing.VALUE;
    }
    if (r instanceof Map<?, ?> m) {
      return m.containsKey(name) ? unwrap(m.get(name)) : Missing.VALUE;
    }
    if (r instanceof Record rec) {
      for (RecordComponent c : rec.getClass().getRecordComponents()) {
        if (c.getName().equals(name)) {
          try {
            return unwrap(c.getAccessor().invoke(rec));
          } catch (ReflectiveOperationException e) {
            throw new ExecError("can't evaluate field " + name + ": " + e.getMessage());
          }
        }
      }
    }
    throw new ExecError("can't evaluate field " + name + " in type " + typeName(r));
  }

  /** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
  static boolean truth(Object v) {
    Object x = unwrap(v);
    return switch (x) {
      case null -> false;
      case Missing m -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Number n -> n.doubleValue() != 0;
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }

  /** Go's {@code %v} / {@code print} text of a value. */
  static String print(Object v) {
    StringBuilder out = new StringBuilder();
    print(unwrap(v), out, true);
    return out.toString();
  }

  private static void print(Object v, StringBuilder out, boolean top) {
    switch (v) {
      case null -> out.append("<nil>");
      case Missing m -> out.append(top ? "<no value>" : "<nil>");
      case String s -> out.append(s);
      case Double d -> out.append(formatFloat(d));
      case Float f -> out.append(formatFloat(f.doubleValue()));
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(' ');
          }
          print(unwrap(list.get(i)), out, false);
        }
        out.append(']');
      }
      case Map<?, ?> map -> {
        out.append("map[");
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          out.append(e.getKey()).append(':');
          print(unwrap(e.getValue()), out, false);
        }
        out.append(']');
      }
      case Record r -> {
        out.append('{');
        RecordComponent[] parts = r.getClass().getRecordComponents();
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            out.append(' ');
          }
          print(unwrap(field(r, parts[i].getName())), out, false);
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }

  /** A map's entries in Go's printing order: keys sorted. */
  static SortedMap<String, Object> sorted(Map<?, ?> map) {
    SortedMap<String, Object> out = new TreeMap<>();
    map.forEach((k, val) -> out.put(String.valueOf(k), val));
    return out;
  }

  /** Go's {@code %v} for a float64: shortest digits, exponent form below 1e-4 or from 1e6. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - exact.scale() - 1;
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    return sign + exact.abs().toPlainString();
  }

  static String typeName(Object v) {
    return switch (v) {
      case null -> "<nil>";
      case String s -> "string";
      case Boolean b -> "bool";
      case Double d -> "float64";
      case Float f -> "float32";
      case Long l -> "int64";
      case Integer i -> "int";
      case BigInteger b -> "big.Int";
      case List<?> l -> "[]interface {}";
      case Map<?, ?> m -> "map[string]interface {}";
      default -> v.getClass().getSimpleName();
    };
  }

  /** A JSON object seen as a read-only map in document order. */
  private static final class JsonObjectView extends AbstractMap<String, Object> {
    private final JsonNode node;

    JsonObjectView(JsonNode node) {
      this.node = node;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String s && node.has(s);
    }

    @Override
    public Object get(Object key) {
      return key instanceof String s && node.has(s) ? unwrap(node.get(s)) : null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.put(e.getKey(), unwrap(e.getValue()));
      }
      return copy.entrySet();
    }
  }

  /** A JSON array seen as a read-only list. */
  private static final class JsonArrayView extends AbstractList<Object> {
    private final JsonNode node;

    JsonArrayView(JsonNode node) {
      this.node = node;
    }

    @Override
    public Object get(int index) {
      return unwrap(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }

  /** Whether a map keeps an order of its own (insertion or sorted) that JSON output should keep. */
  static boolean ordered(Map<?, ?> map) {
    return map instanceof LinkedHashMap<?, ?>
        || map instanceof SortedMap<?, ?>
        || map instanceof JsonObjectView;
  }
}
