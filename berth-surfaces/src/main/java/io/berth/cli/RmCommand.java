package io.berth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm} and {@code berth container rm}: removes containers, printing each as given. */
@Command(name = "rm", description = "Remove one or more containers.")
class RmCommand extends ClientCommand {
  @Option(
      names = {"-f", "--force"},
      description = "Force the removal of a running container (uses SIGKILL).")
  boolean force;

  @Option(
      names = {"-v", "--volumes"},
      description = "Remove anonymous volumes associated with the container.")
  boolean volumes;

  @Option(
      names = {"-l", "--link"},
      description = "Remove the specified link.")
  boolean link;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("force", force ? "1" : "0");
    query.put("v", volumes ? "1" : "0");
    query.put("link", link ? "1" : "0");
    CliContext context = context();
    return EachName.run(
        context, containers, c -> context.client().delete("/containers/" + c, query));
  }

  /** {@code berth container rm}. */
  @Command(
      name = "rm",
      aliases = {"remove"},
      description = "Remove one or more containers.")
  static final class Remove extends RmCommand {}
}
