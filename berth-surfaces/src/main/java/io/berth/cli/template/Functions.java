package io.berth.cli.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The functions a {@code --format} template may call: Go's builtins that people use and the ones
 * docker adds ({@code json}, {@code join}, {@code split}, {@code lower}, {@code upper}, {@code
 * title}, {@code pad}, {@code truncate}). {@code and} and {@code or} are evaluated lazily by Exec.
 */
final class Functions {
  private static final Set<String> NAMES =
      Set.of(
          "json",
          "join",
          "split",
          "index",
          "lower",
          "upper",
          "title",
          "pad",
          "truncate",
          "print",
          "println",
          "printf",
          "len",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "and",
          "or",
          "not");

  private Functions() {}

  static boolean exists(String name) {
    return NAMES.contains(name);
  }

  static Object call(String name, List<Object> args) {
    return switch (name) {
      case "json" -> GoJson.encode(arity(name, args, 1).getFirst());
      case "join" -> join(arity(name, args, 2));
      case "split" -> split(arity(name, args, 2));
      case "index" -> index(args);
      case "lower" -> string(name, arity(name, args, 1).getFirst()).toLowerCase(Locale.ROOT);
      case "upper" -> string(name, arity(name, args, 1).getFirst()).toUpperCase(Locale.ROOT);
      case "title" -> title(string(name, arity(name, args, 1).getFirst()));
      case "pad" -> pad(arity(name, args, 3));
      case "truncate" -> truncate(arity(name, args, 2));
      case "print" -> sprint(args);
      case "println" -> sprintln(args);
      case "printf" -> {
        if (args.isEmpty()) {
          throw new ExecError("wrong number of args for printf: want at least 1 got 0");
        }
        yield GoFormat.sprintf(string(name, args.getFirst()), args.subList(1, args.size()));
      }
      case "len" -> length(arity(name, args, 1).getFirst());
      case "eq" -> eq(args);
      case "ne" -> !equal(arity(name, args, 2).get(0), args.get(1));
      case "lt" -> compare(name, args) < 0;
      case "le" -> compare(name, args) <= 0;
      case "gt" -> compare(name, args) > 0;
      case "ge" -> compare(name, args) >= 0;
      case "not" -> !GoValues.truth(arity(name, args, 1).getFirst());
      default -> throw new ExecError("function \"" + name + "\" not defined");
    };
  }

  private static List<Object> arity(String name, List<Object> args, int n) {
    if (args.size() != n) {
      throw new ExecError(
          "wrong number of args for " + name + ": want " + n + " got " + args.size());
    }
    return args;
  }

  private static String string(String function, Object v) {
    Object x = GoValues.unwrap(v);
    if (x instanceof String s) {
      return s;
    }
    if (x == GoValues.Missing.VALUE) {
      throw new ExecError("error calling " + function + ": invalid value; expected string");
    }
    throw new ExecError(
        "error calling "
            + function
            + ": wrong type for value; expected string; got "
            + GoValues.typeName(x));
  }

  private static long integer(String function, Object v) {
    Object x = GoValues.unwrap(v);
    if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
      return ((Number) x).longValue();
    }
    throw new ExecError(
        "error calling "
            + function
            + ": wrong type for value; expected int; got "
            + GoValues.typeName(x));
  }

  private static String join(List<Object> args) {
    Object list = GoValues.unwrap(args.get(0));
    String sep = string("join", args.get(1));
    if (!(list instanceof List<?> items)) {
      throw new ExecError(
          "error calling join: wrong type for value; expected []string; got "
              + GoValues.typeName(list));
    }
    List<String> parts = new ArrayList<>();
    items.forEach(i -> parts.add(GoValues.print(i)));
    return String.join(sep, parts);
  }

  private static List<Object> split(List<Object> args) {
    String s = string("split", args.get(0));
    String sep = string("split", args.get(1));
    List<Object> out = new ArrayList<>();
    if (sep.isEmpty()) {
      s.codePoints().forEach(cp -> out.add(Character.toString(cp)));
      return out;
    }
    int from = 0;
    while (true) {
      int at = s.indexOf(sep, from);
      if (at < 0) {
        out.add(s.substring(from));
        return out;
      }
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
  }

  private static Object index(List<Object> args) {
    if (args.isEmpty()) {
      throw new ExecError("wrong number of args for index: want at least 1 got 0");
    }
    Object item = GoValues.unwrap(args.getFirst());
    for (Object key : args.subList(1, args.size())) {
      Object k = GoValues.unwrap(key);
      switch (item) {
        case List<?> list -> {
          long i = integer("index", k);
          if (i < 0 || i >= list.size()) {
            throw new ExecError("error calling index: index out of range: " + i);
          }
          item = GoValues.unwrap(list.get((int) i));
        }
        case String s -> {
          long i = integer("index", k);
          if (i < 0 || i >= s.length()) {
            throw new ExecError("error calling index: index out of range: " + i);
          }
          item = (long) s.charAt((int) i);
        }
        case Map<?, ?> map -> {
          String name = String.valueOf(k);
          item = map.containsKey(name) ? GoValues.unwrap(map.get(name)) : null;
        }
        case null -> throw new ExecError("error calling index: index of untyped nil");
        default ->
            throw new ExecError(
                "error calling index: can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  /** Go's strings.Title: the first letter of each word upper-cased. */
  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = Character.isLetterOrDigit(c) || c == '_' || c == '\'';
      out.append(start && letter ? Character.toTitleCase(c) : c);
      start = !letter;
    }
    return out.toString();
  }

  private static String pad(List<Object> args) {
    String s = string("pad", args.get(0));
    long before = integer("pad", args.get(1));
    long after = integer("pad", args.get(2));
    return " ".repeat((int) Math.max(0, before)) + s + " ".repeat((int) Math.max(0, after));
  }

  private static String truncate(List<Object> args) {
    String s = string("truncate", args.get(0));
    long n = integer("truncate", args.get(1));
    if (s.codePointCount(0, s.length()) <= n) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, (int) Math.max(0, n)));
  }

  /** Go's fmt.Sprint: a space between operands when neither is a string. */
  private static String sprint(List<Object> args) {
    StringBuilder out = new StringBuilder();
    Object previous = null;
    for (int i = 0; i < args.size(); i++) {
      Object v = GoValues.unwrap(args.get(i));
      if (i > 0 && !(v instanceof String) && !(previous instanceof String)) {
        out.append(' ');
      }
      out.append(printOperand(v));
      previous = v;
    }
    return out.toString();
  }

  private static String sprintln(List<Object> args) {
    List<String> parts = new ArrayList<>();
    args.forEach(a -> parts.add(printOperand(GoValues.unwrap(a))));
    return String.join(" ", parts) + "\n";
  }

  private static String printOperand(Object v) {
    return v == GoValues.Missing.VALUE ? "<nil>" : GoValues.print(v);
  }

  private static long length(Object v) {
    return switch (GoValues.unwrap(v)) {
      case String s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      case List<?> l -> l.size();
      case Map<?, ?> m -> m.size();
      case null -> throw new ExecError("error calling len: len of nil pointer");
      case Object o ->
          throw new ExecError("error calling len: len of type " + GoValues.typeName(o));
    };
  }

  private static boolean eq(List<Object> args) {
    if (args.size() < 2) {
      throw new ExecError("wrong number of args for eq: want at least 2 got " + args.size());
    }
    for (Object other : args.subList(1, args.size())) {
      if (equal(args.getFirst(), other)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(Object a, Object b) {
    Object x = normal(GoValues.unwrap(a));
    Object y = normal(GoValues.unwrap(b));
    if (x instanceof BigDecimal p && y instanceof BigDecimal q) {
      return p.compareTo(q) == 0;
    }
    if ((x instanceof List<?> || x instanceof Map<?, ?>) && x != null) {
      throw new ExecError("error calling eq: non-comparable type " + GoValues.typeName(x));
    }
    if (x != null && y != null && x.getClass() != y.getClass()) {
      throw new ExecError(
          "error calling eq: incompatible types for comparison: "
              + GoValues.typeName(x)
              + " and "
              + GoValues.typeName(y));
    }
    return java.util.Objects.equals(x, y);
  }

  private static int compare(String name, List<Object> args) {
    arity(name, args, 2);
    Object x = normal(GoValues.unwrap(args.get(0)));
    Object y = normal(GoValues.unwrap(args.get(1)));
    if (x instanceof BigDecimal p && y instanceof BigDecimal q) {
      return p.compareTo(q);
    }
    if (x instanceof String p && y instanceof String q) {
      return p.compareTo(q);
    }
    throw new ExecError(
        "error calling "
            + name
            + ": incompatible types for comparison: "
            + GoValues.typeName(GoValues.unwrap(args.get(0)))
            + " and "
            + GoValues.typeName(GoValues.unwrap(args.get(1))));
  }

  private static Object normal(Object v) {
    if (v == GoValues.Missing.VALUE) {
      return null;
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    return v;
  }
}
