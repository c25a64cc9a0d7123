package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune}: removes all stopped containers. */
@Command(name = "prune", description = "Remove all stopped containers.")
final class ContainerPruneCommand extends ClientCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values.")
  List<String> filters = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext context = context();
    if (!force && !Prompt.confirm(context, "WARNING! This will remove all stopped containers.")) {
      return ExitCodes.OK;
    }
    Map<String, String> query = new LinkedHashMap<>();
    FilterOption.addTo(query, filters);
    JsonNode report = context.client().post("/containers/prune", query, null);
    Prunes.deleted(context.out(), "Deleted Containers:", report.path("ContainersDeleted"));
    Prunes.reclaimed(context.out(), report.path("SpaceReclaimed").asLong());
    return ExitCodes.OK;
  }
}
