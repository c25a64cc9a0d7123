package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.HijackedConnection;
import io.berth.errors.BerthException;
import java.util.Map;
import java.util.Optional;
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

  @Option(
      names = "--sig-proxy",
      arity = "0..1",
      description = "Proxy all received signals to the process (default true; not with a TTY).")
  boolean sigProxy = true;

  @Option(names = "--detach-keys", paramLabel = "STRING", description = "Detach key sequence.")
  String detachKeys;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() throws Exception {
    CliContext context = context();
    JsonNode c = context.client().get("/containers/" + container + "/json", Map.of());
    JsonNode state = c.path("State");
    if (!state.path("Running").asBoolean()) {
      throw BerthException.invalid("You cannot attach to a stopped container, start it first");
    }
    if (state.path("Paused").asBoolean()) {
      throw BerthException.invalid("You cannot attach to a paused container, unpause it first");
    }
    if (state.path("Restarting").asBoolean()) {
      throw BerthException.invalid(
          "You cannot attach to a restarting container, wait until it is running");
    }
    boolean tty = c.path("Config").path("Tty").asBoolean();
    Optional<Integer> refused = Containers.refuseWithoutTerminal(context, !noStdin, tty);
    if (refused.isPresent()) {
      return refused.get();
    }
    boolean stdin = !noStdin && c.path("Config").path("OpenStdin").asBoolean();
    String id = c.path("Id").asText();
    boolean detached;
    try (HijackedConnection connection =
            Containers.attach(context, id, stdin, true, true, detachKeys);
        AutoCloseable raw = tty && stdin ? Terminals.raw(context.stdio()) : () -> {}) {
      detached = Containers.session(context, id, connection, stdin, tty, sigProxy, null);
    }
    if (detached) {
      return detached(context);
    }
    JsonNode after = context.client().get("/containers/" + id + "/json", Map.of());
    return after.path("State").path("ExitCode").asInt();
  }

  /** What docker prints and returns when the user typed the detach keys. */
  static int detached(CliContext context) {
    context.err().println("read escape sequence");
    context.err().flush();
    return ExitCodes.ERROR;
  }
}
