package io.berth.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code berth create}: a new container, not started; prints its ID. A refusal from the daemon
 * exits 1, as docker create does (only run keeps 125 for it).
 */
@Command(
    name = "create",
    description = "Create a new container.",
    modelTransformer = StopAtPositional.class)
final class CreateCommand extends ClientCommand {
  @Mixin ContainerCreateOptions options;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext context = context();
    String id =
        Containers.create(context, options, options.body(image, command, context.env(), true));
    context.out().println(id);
    context.out().flush();
    return ExitCodes.OK;
  }
}
