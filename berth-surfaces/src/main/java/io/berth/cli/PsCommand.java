package io.berth.cli;

import io.berth.cli.template.Formats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth ps} and {@code berth container ls}: the containers, running ones by default. */
@Command(name = "ps", description = "List containers.")
class PsCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
          "container_id: {{.ID}}\\nimage: {{.Image}}\\ncommand: {{.Command}}\\n"
              + "created_at: {{.CreatedAt}}\\nstate: {{.State}}\\nstatus: {{.Status}}\\n"
              + "names: {{.Names}}\\nlabels: {{.Labels}}\\nports: {{.Ports}}\\n",
          Map.ofEntries(
              Map.entry("ID", "CONTAINER ID"),
              Map.entry("Image", "IMAGE"),
              Map.entry("Command", "COMMAND"),
              Map.entry("CreatedAt", "CREATED AT"),
              Map.entry("RunningFor", "CREATED"),
              Map.entry("Status", "STATUS"),
              Map.entry("State", "STATE"),
              Map.entry("Ports", "PORTS"),
              Map.entry("Names", "NAMES"),
              Map.entry("Size", "SIZE"),
              Map.entry("Labels", "LABELS"),
              Map.entry("Mounts", "MOUNTS"),
              Map.entry("LocalVolumes", "LOCAL VOLUMES"),
              Map.entry("Networks", "NETWORKS")));

  @Option(
      names = {"-a", "--all"},
      description = "Show all containers (default shows just running).")
  boolean all;

  @Option(
      names = {"-q", "--quiet"},
      description = "Only display container IDs.")
  boolean quiet;

  @Option(
      names = {"-n", "--last"},
      paramLabel = "INT",
      defaultValue = "-1",
      description = "Show n last created containers (includes all states).")
  int last = -1;

  @Option(
      names = {"-l", "--latest"},
      description = "Show the latest created container (includes all states).")
  boolean latest;

  @Option(
      names = {"-s", "--size"},
      description = "Display total file sizes.")
  boolean size;

  @Option(names = "--no-trunc", description = "Don't truncate output.")
  boolean noTrunc;

  @Mixin FilterOption filter;
  @Mixin ListFormatOption format;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    if (all || latest || last > 0) {
      query.put("all", "1");
    }
    if (latest || last > 0) {
      query.put("limit", Integer.toString(latest ? 1 : last));
    }
    if (size) {
      query.put("size", "1");
    }
    filter.addTo(query);
    CliContext context = context();
    var containers = context.client().get("/containers/json", query);
    var rows = ContainerRows.of(containers, noTrunc, Instant.now());
    String chosen = format.format();
    if (size && chosen.isEmpty()) {
      chosen = "table " + LISTING.defaultTable() + "\t{{.Size}}";
    }
    Output.listing(context.out(), chosen, quiet, rows, LISTING, "{{.ID}}");
    return ExitCodes.OK;
  }

  /** {@code berth container ls}. */
  @Command(
      name = "ls",
      aliases = {"list", "ps"},
      description = "List containers.")
  static final class Ls extends PsCommand {}
}
