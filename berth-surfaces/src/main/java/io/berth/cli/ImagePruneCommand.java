package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: removes dangling images, or all unused ones with {@code -a}. */
@Command(name = "prune", description = "Remove unused images.")
final class ImagePruneCommand extends ClientCommand {
  @Option(
      names = {"-a", "--all"},
      description = "Remove all unused images, not just dangling ones.")
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
            ? "WARNING! This will remove all images without at least one container associated"
                + " to them."
            : "WARNING! This will remove all dangling images.";
    if (!force && !Prompt.confirm(context, warning)) {
      return ExitCodes.OK;
    }
    List<String> all = new ArrayList<>(filters);
    all.add("dangling=" + !this.all);
    Map<String, String> query = new LinkedHashMap<>();
    FilterOption.addTo(query, all);
    JsonNode report = context.client().post("/images/prune", query, null);
    Prunes.deleted(context.out(), "Deleted Images:", report.path("ImagesDeleted"));
    Prunes.reclaimed(context.out(), report.path("SpaceReclaimed").asLong());
    return ExitCodes.OK;
  }
}
