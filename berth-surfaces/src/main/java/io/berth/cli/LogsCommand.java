package io.berth.cli;

import io.berth.client.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs}: a container's output, demultiplexed onto stdout and stderr. */
@Command(name = "logs", description = "Fetch the logs of a container.")
final class LogsCommand extends ClientCommand {
  @Option(
      names = {"-f", "--follow"},
      description = "Follow log output.")
  boolean follow;

  @Option(
      names = {"-n", "--tail"},
      paramLabel = "STRING",
      defaultValue = "all",
      description = "Number of lines to show from the end of the logs (default \"all\").")
  String tail = "all";

  @Option(names = "--since", paramLabel = "STRING", description = "Show logs since timestamp.")
  String since;

  @Option(names = "--until", paramLabel = "STRING", description = "Show logs before a timestamp.")
  String until;

  @Option(
      names = {"-t", "--timestamps"},
      description = "Show timestamps.")
  boolean timestamps;

  @Option(names = "--details", description = "Show extra details provided to logs.")
  boolean details;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() throws IOException {
    CliContext context = context();
    boolean tty = Containers.hasTty(context, container);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stdout", "1");
    query.put("stderr", "1");
    Instant now = Instant.now();
    if (since != null) {
      query.put("since", Timestamps.toApi("since", since, now));
    }
    if (until != null) {
      query.put("until", Timestamps.toApi("until", until, now));
    }
    query.put("timestamps", timestamps ? "1" : "0");
    query.put("follow", follow ? "1" : "0");
    query.put("tail", tail);
    query.put("details", details ? "1" : "0");
    Stdio stdio = context.stdio();
    try (Response response =
        context.client().open("GET", "/containers/" + container + "/logs", query, null)) {
      if (tty) {
        Demux.raw(response.body(), stdio.out());
      } else {
        Demux.copy(response.body(), stdio.out(), stdio.err());
      }
    }
    return ExitCodes.OK;
  }
}
