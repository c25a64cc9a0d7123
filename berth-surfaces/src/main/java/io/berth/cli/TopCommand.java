package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.TabWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth top}: the processes of a container, as {@code ps} shows them. */
@Command(name = "top", description = "Display the running processes of a container.")
final class TopCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1..*", paramLabel = "ps OPTIONS")
  List<String> psArgs = new ArrayList<>();

  @Override
  public Integer call() {
    Map<String, String> query =
        psArgs.isEmpty() ? Map.of() : Map.of("ps_args", String.join(" ", psArgs));
    CliContext context = context();
    JsonNode top = context.client().get("/containers/" + container + "/top", query);
    context.out().print(table(top));
    context.out().flush();
    return ExitCodes.OK;
  }

  /** docker's layout: {@code tabwriter.NewWriter(w, 20, 1, 3, ' ', 0)}. */
  static String table(JsonNode top) {
    StringBuilder out = new StringBuilder();
    TabWriter writer = new TabWriter(out, 20, 3, ' ');
    List<String> titles = new ArrayList<>();
    top.path("Titles").forEach(t -> titles.add(t.asText()));
    writer.write(String.join("\t", titles)).write("\n");
    for (JsonNode process : top.path("Processes")) {
      List<String> cells = new ArrayList<>();
      process.forEach(p -> cells.add(p.asText()));
      writer.write(String.join("\t", cells)).write("\n");
    }
    writer.flush();
    return out.toString();
  }
}
