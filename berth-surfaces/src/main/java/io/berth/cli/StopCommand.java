package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stop} and {@code berth restart}: the stop signal, then SIGKILL after a timeout. */
@Command(name = "stop", description = "Stop one or more running containers.")
class StopCommand extends ClientCommand {
  @Option(
      names = {"-t", "--timeout", "--time"},
      paramLabel = "INT",
      description = "Seconds to wait before killing the container.")
  Integer timeout;

  @Option(
      names = {"-s", "--signal"},
      paramLabel = "STRING",
      description = "Signal to send to the container.")
  String signal;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  String action() {
    return "stop";
  }

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    if (timeout != null) {
      query.put("t", Integer.toString(timeout));
    }
    if (signal != null) {
      query.put("signal", signal);
    }
    CliContext context = context();
    return EachName.run(
        context,
        containers,
        c -> context.client().post("/containers/" + c + "/" + action(), query, null));
  }

  /** {@code berth restart}. */
  @Command(name = "restart", description = "Restart one or more containers.")
  static final class Restart extends StopCommand {
    @Override
    String action() {
      return "restart";
    }
  }
}
