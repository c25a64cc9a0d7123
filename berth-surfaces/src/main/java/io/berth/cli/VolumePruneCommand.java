package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth volume prune}: removes unused anonymous volumes, or all unused with {@code -a}. */
@Command(name = "prune", description = "Remove unused local volumes.")
final class VolumePruneCommand extends ClientCommand {
  @Option(
      names = {"-a", "--all"},
      description = "Remove all unused volumes, not just anonymous ones.")
  boolean all;

  @Option(
      names = {"-f", "--force"},
      description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values.")
  List<String> filters = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext context = context();
    String warning =
        all
            ? "WARNING! This will remove all local volumes not used by at least one container."
            : "WARNING! This will remove anonymous local volumes not used by at least one"
                + " container.";
    if (!force && !Prompt.confirm(context, warning)) {
      return ExitCodes.OK;
    }
    List<String> given = new ArrayList<>(filters);
    if (all) {
      given.add("all=true");
    }
    Map<String, String> query = new LinkedHashMap<>();
    FilterOption.addTo(query, given);
    JsonNode report = context.client().post("/volumes/prune", query, null);
    Prunes.deleted(context.out(), "Deleted Volumes:", report.path("VolumesDeleted"));
    Prunes.reclaimed(context.out(), report.path("SpaceReclaimed").asLong());
    return ExitCodes.OK;
  }
}
