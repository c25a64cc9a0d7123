package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.EngineClient;
import io.berth.client.HijackedConnection;
import io.berth.client.Response;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The steps {@code create}, {@code run}, {@code start -a} and {@code attach} share. */
final class Containers {
  private Containers() {}

  /**
   * Creates the container {@code options} and {@code body} describe: removes a namesake first with
   * {@code --replace}, pulls a missing image unless {@code --pull never}; returns its ID.
   */
  static String create(CliContext context, ContainerCreateOptions options, ObjectNode body) {
    EngineClient client = context.client();
    Map<String, String> query = new LinkedHashMap<>();
    if (options.name != null) {
      query.put("name", options.name);
    }
    if (options.platform != null) {
      query.put("platform", options.platform);
    }
    String image = body.path("Image").asText();
    if (options.replace && options.name != null) {
      try {
        client.delete("/containers/" + options.name, Map.of("force", "1", "v", "0"));
      } catch (BerthException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
      }
    }
    if (options.pull.equals("always")) {
      pull(context, image, options.platform);
    } else if (!options.pull.equals("missing") && !options.pull.equals("never")) {
      throw BerthException.invalid(
          "invalid pull option: '%s': must be one of \"always\", \"missing\" or \"never\"",
          options.pull);
    }
    JsonNode created;
    try {
      created = client.post("/containers/create", query, body);
    } catch (BerthException e) {
      if (e.kind() != ErrorKind.NOT_FOUND
          || !e.getMessage().contains("No such image")
          || !options.pull.equals("missing")) {
        throw e;
      }
      context.err().println("Unable to find image '" + image + "' locally");
      context.err().flush();
      pull(context, image, options.platform);
      created = client.post("/containers/create", query, body);
    }
    for (JsonNode warning : created.path("Warnings")) {
      context.err().println("WARNING: " + warning.asText());
    }
    context.err().flush();
    return created.path("Id").asText();
  }

  /** {@code POST /images/create?fromImage=}, its progress on stderr as docker prints it. */
  static void pull(CliContext context, String image, String platform) {
    References.RepoTag ref = References.split(image);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fromImage", ref.repository());
    query.put("tag", ref.tag());
    if (platform != null) {
      query.put("platform", platform);
    }
    PrintWriter err = context.err();
    context.client().stream("POST", "/images/create", query, null, m -> Progress.print(err, m));
  }

  /**
   * Asks the daemon to attach to the container's streams; {@code detachKeys} (null for the daemon's
   * default) end the attachment of a container with a terminal.
   */
  static HijackedConnection attach(
      CliContext context,
      String id,
      boolean stdin,
      boolean stdout,
      boolean stderr,
      String detachKeys) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stream", "1");
    query.put("stdin", stdin ? "1" : "0");
    query.put("stdout", stdout ? "1" : "0");
    query.put("stderr", stderr ? "1" : "0");
    if (detachKeys != null) {
      query.put("detachKeys", detachKeys);
    }
    return context.client().hijack("POST", "/containers/" + id + "/attach", query, null);
  }

  /**
   * Moves the streams of an attached container until the daemon ends them: the local terminal's
   * size follows along with a TTY, signals go to the container without one ({@code sigProxy}); true
   * when it ended because the user typed the detach keys, the container still running.
   */
  static boolean session(
      CliContext context,
      String id,
      HijackedConnection connection,
      boolean stdin,
      boolean tty,
      boolean sigProxy,
      CompletableFuture<Integer> exit)
      throws IOException {
    try (TtySize size = TtySize.follow(context, "/containers/" + id, tty);
        SignalProxy proxy = SignalProxy.forward(context, id, sigProxy && !tty)) {
      AttachPump.run(connection, context.stdio(), stdin, tty);
    }
    return tty && detached(context, id, exit);
  }

  /**
   * Whether an attach stream that ended left the container running: the daemon ends it at the
   * container's exit only after recording that, so a running container means the user detached.
   */
  private static boolean detached(CliContext context, String id, CompletableFuture<Integer> exit) {
    if (exit != null && exit.isDone()) {
      return false;
    }
    JsonNode state;
    try {
      state = context.client().get("/containers/" + id + "/json", Map.of()).path("State");
    } catch (BerthException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return false; // an --rm container removed before the wait's answer came back
      }
      throw e;
    }
    return state.path("Running").asBoolean() && !state.path("Restarting").asBoolean();
  }

  /**
   * docker's check before attaching a terminal's input: {@code -t} with stdin needs a terminal on
   * stdin ({@code the input device is not a TTY}, exit 1).
   */
  static Optional<Integer> refuseWithoutTerminal(CliContext context, boolean stdin, boolean tty) {
    if (tty && stdin && !Terminals.isTerminal(context.stdio(), 0)) {
      context.err().println("the input device is not a TTY");
      context.err().flush();
      return Optional.of(ExitCodes.ERROR);
    }
    return Optional.empty();
  }

  /**
   * Starts waiting for the container to exit (or to be removed) before it is started, as docker
   * does; returns once the daemon answered the request's head (at once from berth and Docker, which
   * send it before waiting), or after 10 s at most. Starting before the wait is registered would
   * miss the exit, or the removal of a short-lived {@code --rm} container.
   */
  static CompletableFuture<Integer> waitFor(CliContext context, String id, boolean removed) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    CountDownLatch answered = new CountDownLatch(1);
    Map<String, String> query = Map.of("condition", removed ? "removed" : "next-exit");
    // A platform thread: a run's first virtual thread starts the virtual-thread scheduler, which
    // costs a short command some 15 ms.
    Thread.ofPlatform()
        .daemon()
        .name("berth-wait")
        .start(
            () -> {
              try (Response response =
                  context.client().open("POST", "/containers/" + id + "/wait", query, null)) {
                answered.countDown();
                JsonNode status = Jsons.read(response.body());
                String error = status.path("Error").path("Message").asText("");
                if (!error.isEmpty()) {
                  context.err().println("berth: " + error);
                }
                result.complete(status.path("StatusCode").asInt());
              } catch (IOException | RuntimeException e) {
                answered.countDown();
                result.completeExceptionally(e);
              }
            });
    try {
      answered.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** The exit code the wait ended with. */
  static int exitCode(CompletableFuture<Integer> wait) {
    try {
      return wait.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException(ErrorKind.INTERNAL, "interrupted while waiting for the container");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof BerthException b) {
        throw b;
      }
      throw new BerthException(
          ErrorKind.UNAVAILABLE, "waiting for the container failed: " + e.getCause(), e);
    }
  }

  /** Starts the container. */
  static void start(CliContext context, String id) {
    context.client().post("/containers/" + id + "/start", Map.of(), null);
  }

  /**
   * docker's exit code for a container that did not start: 127 when the command is not found, 126
   * when it cannot be run, else 125.
   */
  static int startFailure(String message) {
    String m = message.replaceFirst("^Error response from daemon: ", "");
    if (m.contains("executable file not found")
        || m.contains("no such file or directory")
        || m.contains("system cannot find the file specified")) {
      return ExitCodes.COMMAND_NOT_FOUND;
    }
    if (m.contains("permission denied") || m.contains("is a directory")) {
      return ExitCodes.CANNOT_INVOKE;
    }
    return ExitCodes.USAGE;
  }

  /** Whether the container was created with a TTY. */
  static boolean hasTty(CliContext context, String id) {
    return context
        .client()
        .get("/containers/" + id + "/json", Map.of())
        .path("Config")
        .path("Tty")
        .asBoolean();
  }
}
