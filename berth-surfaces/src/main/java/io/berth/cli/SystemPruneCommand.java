package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system prune}: stopped containers, unused networks, (with {@code --volumes})
 * anonymous volumes no container uses, dangling images (all unused ones with {@code -a}) and the
 * build cache, in docker's order, each through its own prune endpoint.
 */
@Command(name = "prune", description = "Remove unused data.")
final class SystemPruneCommand extends ClientCommand {
  @Option(
      names = {"-a", "--all"},
      description = "Remove all unused images not just dangling ones.")
  boolean all;

  @Option(
      names = {"-f", "--force"},
      description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--volumes", description = "Prune anonymous volumes.")
  boolean volumes;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Provide filter values.")
  List<String> filters = new ArrayList<>();

  @Override
  public Integer call() {
    CliContext context = context();
    if (volumes && filters.stream().anyMatch(f -> f.startsWith("until"))) {
      throw io.berth.errors.BerthException.invalid(
          "ERROR: The \"until\" filter is not supported with \"--volumes\"");
    }
    if (!force && !Prompt.confirm(context, warning())) {
      return ExitCodes.OK;
    }
    long reclaimed = 0;
    reclaimed += prune(context, "/containers/prune", filters, "ContainersDeleted", "Containers");
    reclaimed += prune(context, "/networks/prune", filters, "NetworksDeleted", "Networks");
    if (volumes) {
      reclaimed += prune(context, "/volumes/prune", filters, "VolumesDeleted", "Volumes");
    }
    List<String> imageFilters = new ArrayList<>(filters);
    imageFilters.add("dangling=" + !all);
    reclaimed += prune(context, "/images/prune", imageFilters, "ImagesDeleted", "Images");
    List<String> cacheFilters = new ArrayList<>(filters);
    Map<String, String> cacheQuery = new LinkedHashMap<>();
    if (all) {
      cacheQuery.put("all", "1");
    }
    FilterOption.addTo(cacheQuery, cacheFilters);
    JsonNode cache = context.client().post("/build/prune", cacheQuery, null);
    Prunes.deleted(context.out(), "Deleted build cache objects:", cache.path("CachesDeleted"));
    reclaimed += cache.path("SpaceReclaimed").asLong();
    Prunes.reclaimed(context.out(), reclaimed);
    return ExitCodes.OK;
  }

  private static long prune(
      CliContext context, String path, List<String> filters, String field, String what) {
    Map<String, String> query = new LinkedHashMap<>();
    FilterOption.addTo(query, filters);
    JsonNode report = context.client().post(path, query, null);
    Prunes.deleted(context.out(), "Deleted " + what + ":", report.path(field));
    return report.path("SpaceReclaimed").asLong();
  }

  /** docker's confirmation text, which lists what this run will remove. */
  private String warning() {
    List<String> lines = new ArrayList<>();
    lines.add("all stopped containers");
    lines.add("all networks not used by at least one container");
    if (volumes) {
      lines.add("all anonymous volumes not used by at least one container");
    }
    lines.add(
        all
            ? "all images without at least one container associated to them"
            : "all dangling images");
    lines.add(all ? "all build cache" : "unused build cache");
    StringBuilder text = new StringBuilder("WARNING! This will remove:");
    lines.forEach(l -> text.append("\n  - ").append(l));
    List<String> shown =
        filters.stream()
            .filter(
                f -> f.startsWith("label=") || f.startsWith("label!=") || f.startsWith("until="))
            .sorted()
            .toList();
    if (!shown.isEmpty()) {
      text.append("\n\n  Items to be pruned will be filtered with:");
      shown.forEach(f -> text.append("\n  - ").append(f));
    }
    text.append("\n");
    return text.toString();
  }
}
