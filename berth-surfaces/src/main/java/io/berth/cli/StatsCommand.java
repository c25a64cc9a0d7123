package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stats}: CPU, memory, network, block I/O and PIDs of containers. */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage.")
final class StatsCommand extends ClientCommand {
  static final Formats.Listing LISTING =
      new Formats.Listing(
          "{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}"
              + "\t{{.PIDs}}",
          "{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}",
          Map.of(
              "ID", "CONTAINER ID",
              "Container", "CONTAINER",
              "Name", "NAME",
              "CPUPerc", "CPU %",
              "MemUsage", "MEM USAGE / LIMIT",
              "MemPerc", "MEM %",
              "NetIO", "NET I/O",
              "BlockIO", "BLOCK I/O",
              "PIDs", "PIDS"));

  @Option(
      names = {"-a", "--all"},
      description = "Show all containers (default shows just running).")
  boolean all;

  @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first.")
  boolean noStream;

  @Option(names = "--no-trunc", description = "Do not truncate output.")
  boolean noTrunc;

  @Mixin ListFormatOption format;

  @Parameters(arity = "0..*", paramLabel = "CONTAINER")
  List<String> containers = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = context();
    boolean terminal = Terminals.isTerminal(context.stdio(), 1);
    while (true) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String c : targets(context)) {
        JsonNode s =
            context
                .client()
                .get("/containers/" + c + "/stats", Map.of("stream", "0", "one-shot", "0"));
        rows.add(StatsRow.of(c, s, noTrunc));
      }
      if (!noStream && terminal) {
        context.out().print("\033[2J\033[H");
      }
      Output.listing(context.out(), format.format(), false, rows, LISTING, "");
      if (noStream) {
        return ExitCodes.OK;
      }
      // TODO(#5): one streaming request per container, as docker keeps, instead of polling.
      Thread.sleep(1000);
    }
  }

  private List<String> targets(CliContext context) {
    if (!containers.isEmpty()) {
      return containers;
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (all) {
      query.put("all", "1");
    }
    List<String> ids = new ArrayList<>();
    context.client().get("/containers/json", query).forEach(c -> ids.add(c.path("Id").asText()));
    return ids;
  }
}
