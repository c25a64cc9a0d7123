package io.berth.cli.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a parsed template against data; one instance per execution, not thread-safe. */
final class Exec {
  private final String source;
  private final StringBuilder out;
  private final List<Map<String, Object>> scopes = new ArrayList<>();
  private int pos;

  /** Unwinds a range body for {{break}} and {{continue}}. */
  private static final class Loop extends RuntimeException {
    final boolean isBreak;

    Loop(boolean isBreak) {
      super(null, null, false, false);
      this.isBreak = isBreak;
    }
  }

  Exec(String source, StringBuilder out) {
    this.source = source;
    this.out = out;
  }

  void run(List<Node> nodes, Object data) {
    Map<String, Object> root = new HashMap<>();
    root.put("$", GoValues.unwrap(data));
    scopes.add(root);
    try {
      walk(nodes, GoValues.unwrap(data));
    } catch (ExecError e) {
      throw Template.execError(source, pos, e.getMessage());
    }
  }

  private void walk(List<Node> nodes, Object dot) {
    for (Node n : nodes) {
      pos = n.pos();
      switch (n) {
        case Node.Text t -> out.append(t.text());
        case Node.Action a -> {
          Object v = pipeline(a.pipeline(), dot);
          if (a.pipeline().variables().isEmpty()) {
            out.append(GoValues.print(v));
          }
        }
        case Node.Branch b -> branch(b, dot);
        case Node.Range r -> range(r, dot);
        case Node.LoopControl c -> throw new Loop(c.isBreak());
      }
    }
  }

  private void branch(Node.Branch b, Object dot) {
    push();
    try {
      Object v = pipeline(b.pipeline(), dot);
      if (GoValues.truth(v)) {
        walk(b.body(), b.isWith() ? v : dot);
      } else {
        walk(b.elseBody(), dot);
      }
    } finally {
      pop();
    }
  }

  private void range(Node.Range r, Object dot) {
    push();
    try {
      Node.Pipeline p = r.pipeline();
      Object v = GoValues.unwrap(evalCommands(p, dot));
      List<Object[]> items = items(v);
      if (items.isEmpty()) {
        walk(r.elseBody(), dot);
        return;
      }
      for (Object[] item : items) {
        bindRange(p.variables(), item[0], item[1]);
        try {
          walk(r.body(), item[1]);
        } catch (Loop loop) {
          if (loop.isBreak) {
            break;
          }
        }
      }
    } finally {
      pop();
    }
  }

  /** Pairs of (key or index, element) in Go's order: maps by sorted key. */
  private static List<Object[]> items(Object v) {
    List<Object[]> items = new ArrayList<>();
    switch (v) {
      case null -> {}
      case GoValues.Missing m -> {}
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          items.add(new Object[] {(long) i, GoValues.unwrap(list.get(i))});
        }
      }
      case Map<?, ?> map ->
          GoValues.sorted(map).forEach((k, e) -> items.add(new Object[] {k, GoValues.unwrap(e)}));
      case Long n -> {
        for (long i = 0; i < n; i++) {
          items.add(new Object[] {i, i});
        }
      }
      default -> throw new ExecError("range can't iterate over " + GoValues.print(v));
    }
    return items;
  }

  private void bindRange(List<String> vars, Object key, Object element) {
    if (vars.size() == 1) {
      scopes.getLast().put(vars.getFirst(), element);
    } else if (vars.size() == 2) {
      scopes.getLast().put(vars.get(0), key);
      scopes.getLast().put(vars.get(1), element);
    }
  }

  private Object pipeline(Node.Pipeline p, Object dot) {
    Object v = evalCommands(p, dot);
    for (String name : p.variables()) {
      if (p.declare()) {
        scopes.getLast().put(name, v);
      } else {
        assign(name, v);
      }
    }
    return v;
  }

  private Object evalCommands(Node.Pipeline p, Object dot) {
    Object value = null;
    boolean piped = false;
    for (Node.Command c : p.commands()) {
      value = command(c, dot, piped, value);
      piped = true;
    }
    return value;
  }

  private Object command(Node.Command c, Object dot, boolean piped, Object input) {
    pos = c.pos();
    Node.Operand first = c.args().getFirst();
    if (first instanceof Node.Identifier f) {
      return call(f.name(), c.args().subList(1, c.args().size()), dot, piped, input);
    }
    if (c.args().size() > 1 || piped) {
      throw new ExecError("can't give argument to non-function " + describe(first));
    }
    return operand(first, dot);
  }

  private Object call(
      String name, List<Node.Operand> argNodes, Object dot, boolean piped, Object input) {
    if (name.equals("and") || name.equals("or")) {
      return andOr(name.equals("and"), argNodes, dot, piped, input);
    }
    List<Object> args = new ArrayList<>();
    for (Node.Operand a : argNodes) {
      args.add(operand(a, dot));
    }
    if (piped) {
      args.add(input);
    }
    return Functions.call(name, args);
  }

  /** Go's and/or: the first falsy (and) or truthy (or) argument, else the last; short-circuit. */
  private Object andOr(
      boolean isAnd, List<Node.Operand> argNodes, Object dot, boolean piped, Object input) {
    int count = argNodes.size() + (piped ? 1 : 0);
    if (count < 1) {
      throw new ExecError(
          "wrong number of args for " + (isAnd ? "and" : "or") + ": want at least 1 got 0");
    }
    Object v = null;
    for (int i = 0; i < count; i++) {
      v = i < argNodes.size() ? operand(argNodes.get(i), dot) : input;
      if (GoValues.truth(v) != isAnd) {
        return v;
      }
    }
    return v;
  }

  private Object operand(Node.Operand o, Object dot) {
    return switch (o) {
      case Node.Field f -> chain(dot, f.names());
      case Node.Variable v -> chain(lookup(v.name()), v.names());
      case Node.Literal l -> l.value();
      case Node.Sub s -> chain(pipeline(s.pipeline(), dot), s.names());
      case Node.Identifier f -> call(f.name(), List.of(), dot, false, null);
    };
  }

  private static Object chain(Object start, List<String> names) {
    Object v = GoValues.unwrap(start);
    for (String name : names) {
      v = GoValues.field(v, name);
    }
    return v;
  }

  private Object lookup(String name) {
    for (int i = scopes.size() - 1; i >= 0; i--) {
      if (scopes.get(i).containsKey(name)) {
        return scopes.get(i).get(name);
      }
    }
    throw new ExecError("undefined variable: " + name);
  }

  private void assign(String name, Object v) {
    for (int i = scopes.size() - 1; i >= 0; i--) {
      if (scopes.get(i).containsKey(name)) {
        scopes.get(i).put(name, v);
        return;
      }
    }
    throw new ExecError("undefined variable: " + name);
  }

  private void push() {
    scopes.add(new HashMap<>());
  }

  private void pop() {
    scopes.removeLast();
  }

  private String describe(Node.Operand o) {
    return switch (o) {
      case Node.Field f -> f.names().isEmpty() ? "." : "." + String.join(".", f.names());
      case Node.Variable v ->
          v.name() + (v.names().isEmpty() ? "" : "." + String.join(".", v.names()));
      case Node.Literal l -> GoValues.print(l.value());
      case Node.Sub s -> "(pipeline)";
      case Node.Identifier i -> i.name();
    };
  }
}
