package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth container inspect}: the containers' details as JSON or through a template. */
@Command(name = "inspect", description = "Display detailed information on one or more containers.")
final class ContainerInspectCommand extends ClientCommand {
  @Option(
      names = {"-s", "--size"},
      description = "Display total file sizes.")
  boolean size;

  @Mixin FormatOption format;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  @Override
  public Integer call() {
    return Inspector.run(
        context(),
        List.of(Inspector.Type.CONTAINER),
        containers,
        size ? Map.of("size", "1") : Map.of(),
        format.template());
  }
}
