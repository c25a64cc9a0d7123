package io.berth.dockerfile;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD, unexpanded: in exec form the JSON
 * strings, in shell form one element, the raw text the shell will read; plus the heredocs that
 * follow the instruction.
 */
public record Command(boolean execForm, List<String> arguments, List<Heredoc> heredocs) {

  public Command {
    arguments = List.copyOf(arguments);
    heredocs = List.copyOf(heredocs);
    if (!execForm && arguments.size() != 1) {
      throw new IllegalArgumentException("a shell-form command is one string");
    }
  }

  /** A shell-form command. */
  public static Command shell(String text, List<Heredoc> heredocs) {
    return new Command(false, List.of(text), heredocs);
  }

  /** An exec-form command. */
  public static Command exec(List<String> arguments) {
    return new Command(true, arguments, List.of());
  }
}
