package io.berth.cli;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one call per name as docker's multi-object commands do ({@code rm}, {@code stop}, {@code
 * kill}…): each name done is printed as given, each failure printed on stderr, exit 1 if any.
 */
final class EachName {
  private EachName() {}

  static int run(CliContext context, List<String> names, Consumer<String> call) {
    int code = ExitCodes.OK;
    for (String name : names) {
      try {
        call.accept(name);
        context.out().println(name);
      } catch (BerthException e) {
        context.err().println(e.getMessage());
        code = ExitCodes.ERROR;
      }
    }
    context.out().flush();
    context.err().flush();
    return code;
  }
}
