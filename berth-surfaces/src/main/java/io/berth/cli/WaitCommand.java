package io.berth.cli;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth wait}: blocks until the containers stop, then prints their exit codes. */
@Command(name = "wait", description = "Block until containers stop, then print their exit codes.")
final class WaitCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  @Override
  public Integer call() {
    CliContext context = context();
    int code = ExitCodes.OK;
    for (String c : containers) {
      try {
        var status = context.client().post("/containers/" + c + "/wait", Map.of(), null);
        context.out().println(status.path("StatusCode").asInt());
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
