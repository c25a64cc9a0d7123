package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.HijackedConnection;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth attach}: the local streams to a running container's; exits with its code. */
@Command(
    name = "attach",
    description = "Attach local standard input, output, and error streams to a running container.")
final class AttachCommand extends ClientCommand {
  @Option(names = "--no-stdin", description = "Do not attach STDIN.")
  boolean noStdin;

  @Option(names = "--sig-proxy", arity = "0..1", description = "Proxy all received signals.")
  boolean sigProxy = true;

  @Option(names = "--detach-keys", paramLabel = "STRING", description = "Detach key sequence.")
  String detachKeys;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() throws Exception {
    CliContext context = context();
    JsonNode c = context.client().get("/containers/" + container + "/json", Map.of());
    if (!c.path("State").path("Running").asBoolean()) {
      throw io.berth.errors.BerthException.invalid(
          "You cannot attach to a stopped container, start it first");
    }
    boolean tty = c.path("Config").path("Tty").asBoolean();
    boolean stdin = !noStdin && c.path("Config").path("OpenStdin").asBoolean();
    String id = c.path("Id").asText();
    try (HijackedConnection connection = Containers.attach(context, id, stdin, true, true)) {
      if (tty) {
        Containers.resize(context, "/containers/" + id);
      }
      try (AutoCloseable raw = tty && stdin ? Terminals.raw() : () -> {}) {
        AttachPump.run(connection, context.stdio(), stdin, tty);
      }
    }
    JsonNode after = context.client().get("/containers/" + id + "/json", Map.of());
    return after.path("State").path("ExitCode").asInt();
  }
}
