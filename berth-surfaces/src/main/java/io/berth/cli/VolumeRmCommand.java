package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume rm}: removes volumes, printing each name removed. */
@Command(
    name = "rm",
    aliases = {"remove"},
    description = "Remove one or more volumes.")
final class VolumeRmCommand extends ClientCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Force the removal of one or more volumes.")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "VOLUME")
  List<String> volumes;

  @Override
  public Integer call() {
    Map<String, String> query = force ? Map.of("force", "1") : Map.of();
    return EachName.run(context(), volumes, v -> context().client().delete("/volumes/" + v, query));
  }
}
