package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill}: a signal (SIGKILL by default) to running containers. */
@Command(name = "kill", description = "Kill one or more running containers.")
final class KillCommand extends ClientCommand {
  @Option(
      names = {"-s", "--signal"},
      paramLabel = "STRING",
      description = "Signal to send to the container.")
  String signal;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  @Override
  public Integer call() {
    Map<String, String> query = signal == null ? Map.of() : Map.of("signal", signal);
    CliContext context = context();
    return EachName.run(
        context, containers, c -> context.client().post("/containers/" + c + "/kill", query, null));
  }
}
