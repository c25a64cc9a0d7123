package io.berth.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth inspect}: low-level information on containers, images, volumes or networks. */
@Command(name = "inspect", description = "Return low-level information on Docker objects.")
final class InspectCommand extends ClientCommand {
  @Option(names = "--type", paramLabel = "TYPE", description = "Only inspect objects of this type.")
  String type;

  @Option(
      names = {"-s", "--size"},
      description = "Display total file sizes if the type is container.")
  boolean size;

  @Mixin FormatOption format;

  @Parameters(arity = "1..*", paramLabel = "NAME|ID")
  List<String> names;

  @Override
  public Integer call() {
    List<Inspector.Type> types =
        type == null ? Arrays.asList(Inspector.Type.values()) : List.of(Inspector.Type.of(type));
    Map<String, String> query = size ? Map.of("size", "1") : Map.of();
    return Inspector.run(context(), types, names, query, format.template());
  }
}
