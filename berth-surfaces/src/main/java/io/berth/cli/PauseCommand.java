package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth pause} and {@code berth unpause}: freeze and thaw the containers' processes. */
@Command(name = "pause", description = "Pause all processes within one or more containers.")
class PauseCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  String action() {
    return "pause";
  }

  @Override
  public Integer call() {
    CliContext context = context();
    return EachName.run(
        context,
        containers,
        c -> context.client().post("/containers/" + c + "/" + action(), Map.of(), null));
  }

  /** {@code berth unpause}. */
  @Command(name = "unpause", description = "Unpause all processes within one or more containers.")
  static final class Unpause extends PauseCommand {
    @Override
    String action() {
      return "unpause";
    }
  }
}
