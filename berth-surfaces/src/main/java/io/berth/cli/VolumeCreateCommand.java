package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume create}: a named volume; prints its name. */
@Command(name = "create", description = "Create a volume.")
final class VolumeCreateCommand extends ClientCommand {
  @Option(names = "--name", paramLabel = "STRING", description = "Specify volume name.")
  String name;

  @Option(
      names = {"-d", "--driver"},
      paramLabel = "STRING",
      defaultValue = "local",
      description = "Specify volume driver name (default \"local\").")
  String driver = "local";

  @Option(
      names = {"-o", "--opt"},
      paramLabel = "MAP",
      description = "Set driver specific options.")
  List<String> options = new ArrayList<>();

  @Option(names = "--label", paramLabel = "LIST", description = "Set metadata for a volume.")
  List<String> labels = new ArrayList<>();

  @Parameters(arity = "0..1", paramLabel = "VOLUME")
  String volume;

  @Override
  public Integer call() {
    if (name != null && volume != null && !name.equals(volume)) {
      throw BerthException.invalid(
          "conflicting options: either specify --name or provide positional arg, not both");
    }
    ObjectNode body = Jsons.object();
    body.put("Name", volume != null ? volume : name == null ? "" : name);
    body.put("Driver", driver);
    body.set("DriverOpts", KeyValues.object(options, "--opt"));
    body.set("Labels", KeyValues.object(labels, "--label"));
    CliContext context = context();
    JsonNode created = context.client().post("/volumes/create", Map.of(), body);
    context.out().println(created.path("Name").asText());
    context.out().flush();
    return ExitCodes.OK;
  }
}
