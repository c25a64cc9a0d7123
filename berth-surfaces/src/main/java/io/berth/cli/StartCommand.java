package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.HijackedConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth start}: starts containers; with {@code -a} attaches and exits with its code. */
@Command(name = "start", description = "Start one or more stopped containers.")
final class StartCommand extends ClientCommand {
  @Option(
      names = {"-a", "--attach"},
      description = "Attach STDOUT/STDERR and forward signals.")
  boolean attach;

  @Option(
      names = {"-i", "--interactive"},
      description = "Attach container's STDIN.")
  boolean interactive;

  @Option(
      names = "--detach-keys",
      paramLabel = "STRING",
      description = "Override the key sequence for detaching a container.")
  String detachKeys;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> containers;

  @Override
  public Integer call() throws Exception {
    CliContext context = context();
    if (!attach && !interactive) {
      return EachName.run(context, containers, c -> Containers.start(context, c));
    }
    if (containers.size() > 1) {
      throw io.berth.errors.BerthException.invalid(
          "you cannot start and attach multiple containers at once");
    }
    JsonNode c = context.client().get("/containers/" + containers.getFirst() + "/json", Map.of());
    String id = c.path("Id").asText();
    boolean tty = c.path("Config").path("Tty").asBoolean();
    boolean stdin = interactive && c.path("Config").path("OpenStdin").asBoolean();
    Optional<Integer> refused = Containers.refuseWithoutTerminal(context, stdin, tty);
    if (refused.isPresent()) {
      return refused.get();
    }
    try (HijackedConnection connection =
        Containers.attach(context, id, stdin, true, true, detachKeys)) {
      CompletableFuture<Integer> exit = Containers.waitFor(context, id, false);
      Containers.start(context, id);
      try (AutoCloseable raw = tty && stdin ? Terminals.raw(context.stdio()) : () -> {}) {
        if (Containers.session(context, id, connection, stdin, tty, true, exit)) {
          return ExitCodes.OK;
        }
      }
      return Containers.exitCode(exit);
    }
  }
}
