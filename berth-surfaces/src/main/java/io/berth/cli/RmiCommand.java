package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi} and {@code berth image rm}: untag and delete images. */
@Command(name = "rmi", description = "Remove one or more images.")
class RmiCommand extends ClientCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Force removal of the image.")
  boolean force;

  @Option(names = "--no-prune", description = "Do not delete untagged parents.")
  boolean noPrune;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() {
    CliContext context = context();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("force", Boolean.toString(force));
    query.put("noprune", Boolean.toString(noPrune));
    int code = ExitCodes.OK;
    for (String image : images) {
      try {
        JsonNode removed = context.client().delete("/images/" + image, query);
        for (JsonNode item : removed) {
          if (item.hasNonNull("Untagged")) {
            context.out().println("Untagged: " + item.get("Untagged").asText());
          }
          if (item.hasNonNull("Deleted")) {
            context.out().println("Deleted: " + item.get("Deleted").asText());
          }
        }
      } catch (BerthException e) {
        context.err().println(e.getMessage());
        code = ExitCodes.ERROR;
      }
    }
    context.out().flush();
    context.err().flush();
    return code;
  }

  /** {@code berth image rm}. */
  @Command(
      name = "rm",
      aliases = {"remove"},
      description = "Remove one or more images.")
  static final class Rm extends RmiCommand {}
}
