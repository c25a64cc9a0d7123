package io.berth.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rename}: a new name for a container. */
@Command(name = "rename", description = "Rename a container.")
final class RenameCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1", paramLabel = "NEW_NAME")
  String name;

  @Override
  public Integer call() {
    context().client().post("/containers/" + container + "/rename", Map.of("name", name), null);
    return ExitCodes.OK;
  }
}
