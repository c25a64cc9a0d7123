package io.berth.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth image inspect}: the images' details as JSON or through a template. */
@Command(name = "inspect", description = "Display detailed information on one or more images.")
final class ImageInspectCommand extends ClientCommand {
  @Mixin FormatOption format;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() {
    return Inspector.run(
        context(), List.of(Inspector.Type.IMAGE), images, Map.of(), format.template());
  }
}
