package io.berth.cli.template;

import java.util.List;

/** The syntax tree of a template; every node keeps the offset it starts at for error messages. */
sealed interface Node {
  int pos();

  /** Literal text copied to the output. */
  record Text(int pos, String text) implements Node {}

  /** {@code {{pipeline}}}: the value is printed unless the pipeline declares a variable. */
  record Action(int pos, Pipeline pipeline) implements Node {}

  /** {@code {{if}}} and {@code {{with}}}: {@code elseBody} may hold a nested if/with. */
  record Branch(int pos, boolean isWith, Pipeline pipeline, List<Node> body, List<Node> elseBody)
      implements Node {}

  /** {@code {{range}}}, with optional {@code $i, $e :=} declarations. */
  record Range(int pos, Pipeline pipeline, List<Node> body, List<Node> elseBody) implements Node {}

  /** {@code {{break}}} or {@code {{continue}}} inside a range. */
  record LoopControl(int pos, boolean isBreak) implements Node {}

  /**
   * Commands joined by {@code |}, with variables it declares ({@code :=}) or assigns ({@code =}).
   */
  record Pipeline(int pos, List<String> variables, boolean declare, List<Command> commands) {}

  /** One command: a function and its arguments, or a single operand. */
  record Command(int pos, List<Operand> args) {}

  /** An argument of a command. */
  sealed interface Operand {
    int pos();
  }

  /** {@code .A.B} (empty {@code names} for {@code .}), applied to dot. */
  record Field(int pos, List<String> names) implements Operand {}

  /** {@code $x.A.B}; {@code $} alone is the root data. */
  record Variable(int pos, String name, List<String> names) implements Operand {}

  /** A function name, called with the rest of the command. */
  record Identifier(int pos, String name) implements Operand {}

  /** A string, number, boolean or nil literal. */
  record Literal(int pos, Object value) implements Operand {}

  /** {@code (pipeline).A.B}. */
  record Sub(int pos, Pipeline pipeline, List<String> names) implements Operand {}
}
