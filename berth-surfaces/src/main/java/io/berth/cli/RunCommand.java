package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.HijackedConnection;
import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run}: create and start a container; in the foreground it attaches, waits and exits
 * with the container's code, with {@code -d} it prints the ID.
 */
@Command(
    name = "run",
    description = "Create and run a new container from an image.",
    modelTransformer = StopAtPositional.class)
final class RunCommand extends ClientCommand implements ExitCodes.RunsContainer {
  @Option(
      names = {"-d", "--detach"},
      description = "Run container in background and print container ID.")
  boolean detach;

  @Option(
      names = "--sig-proxy",
      arity = "0..1",
      description = "Proxy received signals to the process (default true; not with -t).")
  boolean sigProxy = true;

  @Option(
      names = "--detach-keys",
      paramLabel = "STRING",
      description = "Override the key sequence for detaching a container.")
  String detachKeys;

  @Mixin ContainerCreateOptions options;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CliContext context = context();
    ContainerCreateOptions.Streams streams = options.streams(detach);
    Optional<Integer> refused =
        Containers.refuseWithoutTerminal(context, streams.stdin(), options.tty);
    if (refused.isPresent()) {
      return refused.get();
    }
    ObjectNode body = options.body(image, command, context.env(), detach);
    if (options.tty) {
      TtySize.consoleSize(context)
          .ifPresent(
              s ->
                  ((ObjectNode) body.get("HostConfig"))
                      .putArray("ConsoleSize")
                      .add(s[0])
                      .add(s[1]));
    }
    String id;
    try {
      id = Containers.create(context, options, body);
    } catch (BerthException e) {
      // As docker run: the daemon's refusal with the command's name, then a pointer to help.
      printRunError(context, e);
      return ExitCodes.of(e.kind(), this);
    }
    if (detach) {
      try {
        start(context, id);
      } catch (StartFailed e) {
        return e.code;
      }
      context.out().println(id);
      context.out().flush();
      return ExitCodes.OK;
    }
    boolean any = streams.stdin() || streams.stdout() || streams.stderr();
    HijackedConnection connection =
        any
            ? Containers.attach(
                context, id, streams.stdin(), streams.stdout(), streams.stderr(), detachKeys)
            : null;
    CompletableFuture<Integer> exit = Containers.waitFor(context, id, options.autoRemove);
    try (connection) {
      try {
        start(context, id);
      } catch (StartFailed e) {
        return e.code;
      }
      if (connection != null && pump(context, id, connection, streams.stdin(), exit)) {
        return ExitCodes.OK;
      }
    }
    return Containers.exitCode(exit);
  }

  /** Moves the streams until the container ends; true when the user detached instead. */
  private boolean pump(
      CliContext context,
      String id,
      HijackedConnection connection,
      boolean stdin,
      CompletableFuture<Integer> exit)
      throws Exception {
    try (AutoCloseable raw = options.tty && stdin ? Terminals.raw(context.stdio()) : () -> {}) {
      return Containers.session(context, id, connection, stdin, options.tty, sigProxy, exit);
    }
  }

  private void start(CliContext context, String id) {
    try {
      Containers.start(context, id);
    } catch (BerthException e) {
      printRunError(context, e);
      if (options.autoRemove) {
        removeQuietly(context, id);
      }
      throw new StartFailed(Containers.startFailure(e.getMessage()));
    }
  }

  private static void printRunError(CliContext context, BerthException e) {
    context.err().println("berth: " + e.getMessage());
    context.err().println();
    context.err().println("Run 'berth run --help' for more information");
    context.err().flush();
  }

  /** {@code --rm} for a container that never ran: docker's daemon removes it, berth makes sure. */
  private static void removeQuietly(CliContext context, String id) {
    try {
      context.client().delete("/containers/" + id, java.util.Map.of("force", "1"));
    } catch (BerthException e) {
      // already removed by the daemon's AutoRemove
    }
  }

  /** The container did not start; {@code code} is what berth exits with. */
  private static final class StartFailed extends RuntimeException {
    final int code;

    StartFailed(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }
}
