package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth volume inspect}: the volumes' details as JSON or through a template. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes.")
final class VolumeInspectCommand extends ClientCommand {
  @Mixin FormatOption format;

  @Parameters(arity = "1..*", paramLabel = "VOLUME")
  List<String> volumes;

  @Override
  public Integer call() {
    return Inspector.run(
        context(), List.of(Inspector.Type.VOLUME), volumes, Map.of(), format.template());
  }
}
