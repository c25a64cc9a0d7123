package io.berth.cli;

import io.berth.client.HijackedConnection;
import java.util.List;
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
    String id = containers.getFirst();
    boolean tty = Containers.hasTty(context, id);
    try (HijackedConnection connection = Containers.attach(context, id, interactive, true, true)) {
      CompletableFuture<Integer> exit = Containers.waitFor(context, id, false);
      Containers.start(context, id);
      AttachPump.run(connection, context.stdio(), interactive, tty);
      return Containers.exitCode(exit);
    }
  }
}
