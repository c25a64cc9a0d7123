package io.berth.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.ProcessSpec;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.RuntimeSpecJson;
import io.berth.runtime.State;
import io.berth.runtime.Stats;
import io.berth.runtime.Stdio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link OciRuntime} through the runc command line ({@code runc --root <state> …}); crun takes the
 * same commands, so it is this class with another binary. Each container runs as a foreground
 * {@code runc run} child of the daemon, which holds its stdio pipes directly: the container does
 * not outlive those pipes, and {@link #recover} removes what a previous daemon left. Thread-safe:
 * it keeps no state beyond its settings; runc locks each container itself.
 */
public final class RuncRuntime implements OciRuntime {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z0-9+-]{2,12}|\\d{1,2}");
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  /**
   * Where runc's error output is read while its stdout is: a thread of its own, never the common
   * pool, whose one worker on a small machine may be blocked by anyone in the JVM.
   */
  static final java.util.concurrent.Executor VIRTUAL_THREADS =
      task -> Thread.ofVirtual().name("berth-runc-stderr").start(task);

  private final Path binary;
  private final Path stateRoot;
  private final CgroupDriver cgroupDriver;
  private final Consoles consoles;

  /**
   * A runtime running {@code binary} (runc or crun) with its state under {@code stateRoot}, and
   * cgroups created by {@code cgroupDriver} ({@code --systemd-cgroup} for systemd).
   */
  public RuncRuntime(Path binary, Path stateRoot, CgroupDriver cgroupDriver) {
    this.binary = binary;
    this.stateRoot = stateRoot;
    this.cgroupDriver = cgroupDriver;
    this.consoles = new Consoles(this::withLog, this::unavailable);
  }

  @Override
  public RuntimeProcess run(String id, Path bundle, Stdio stdio) {
    checkId(id);
    if (!Files.isRegularFile(bundle.resolve("config.json"))) {
      throw BerthException.invalid("bundle %s has no config.json", bundle);
    }
    if (state(id).isPresent()) {
      throw BerthException.conflict("container %s already exists in the runtime", id);
    }
    Path log = bundle.resolve("runtime-log.json");
    deleteIfExists(log);
    if (stdio.terminal()) {
      return consoles.start(
          id,
          "starting container",
          List.of("run", "--bundle", bundle.toString()),
          stdio,
          log,
          List.of(),
          () -> deleteQuietly(id));
    }
    List<String> command = withLog(log);
    command.addAll(List.of("run", "--bundle", bundle.toString(), id));
    return start(id, "starting container", command, stdio, log, List.of());
  }

  @Override
  public RuntimeProcess exec(String id, ProcessSpec process, Stdio stdio) {
    checkId(id);
    Path file;
    Path log;
    try {
      file = Files.createTempFile("berth-exec-", ".json");
      log = Files.createTempFile("berth-exec-", ".log.json");
      Files.writeString(file, RuntimeSpecJson.write(process), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw BerthException.internal("exec in container " + id + ": writing the process file", e);
    }
    if (stdio.terminal()) {
      return consoles.start(
          id,
          "exec in container",
          List.of("exec", "--process", file.toString()),
          stdio,
          log,
          List.of(file, log),
          () -> {});
    }
    List<String> command = withLog(log);
    command.addAll(List.of("exec", "--process", file.toString(), id));
    return start(id, "exec in container", command, stdio, log, List.of(file, log));
  }

  @Override
  public void kill(String id, String signal, boolean all) {
    checkId(id);
    if (!SIGNAL.matcher(signal).matches()) {
      throw BerthException.invalid("invalid signal: %s", signal);
    }
    List<String> args = new ArrayList<>(List.of("kill"));
    if (all) {
      args.add("--all");
    }
    args.addAll(List.of(id, signal));
    command("kill", id, args);
  }

  @Override
  public void delete(String id, boolean force) {
    checkId(id);
    command("delete", id, force ? List.of("delete", "--force", id) : List.of("delete", id));
  }

  @Override
  public Optional<State> state(String id) {
    checkId(id);
    try {
      return Optional.of(state(read(command("state", id, List.of("state", id)))));
    } catch (BerthException e) {
      if (e.kind() == io.berth.errors.ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<State> list() {
    JsonNode array = read(command("list", "*", List.of("list", "--format", "json")));
    List<State> states = new ArrayList<>();
    array.forEach(node -> states.add(state(node)));
    return states;
  }

  @Override
  public void pause(String id) {
    checkId(id);
    command("pause", id, List.of("pause", id));
  }

  @Override
  public void resume(String id) {
    checkId(id);
    command("resume", id, List.of("resume", id));
  }

  @Override
  public Stats stats(String id) {
    checkId(id);
    JsonNode data = read(command("stats of", id, List.of("events", "--stats", id))).path("data");
    return new Stats(
        data.path("memory").path("usage").path("usage").asLong(),
        data.path("memory").path("usage").path("limit").asLong(),
        data.path("cpu").path("usage").path("total").asLong(),
        data.path("pids").path("current").asLong());
  }

  @Override
  public List<Integer> ps(String id) {
    checkId(id);
    List<Integer> pids = new ArrayList<>();
    read(command("ps", id, List.of("ps", "--format", "json", id)))
        .forEach(n -> pids.add(n.asInt()));
    return pids;
  }

  @Override
  public List<State> recover() {
    List<State> leftovers = new ArrayList<>();
    for (State s : list()) {
      try {
        if (s.status() != State.Status.STOPPED) {
          kill(s.id(), "KILL", true);
        }
      } catch (BerthException e) {
        // It may have exited between list and kill; delete --force settles it either way.
      }
      delete(s.id(), true);
      leftovers.add(s.stopped());
    }
    return leftovers;
  }

  private RuntimeProcess start(
      String id, String what, List<String> command, Stdio stdio, Path log, List<Path> cleanup) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(stdio.stdin())
            .redirectOutput(stdio.stdout())
            .redirectError(stdio.stderr());
    try {
      Process process = builder.start();
      return new RuncProcess(id, what, process, RuncProcess.piped(stdio.stdin()), log, cleanup);
    } catch (IOException e) {
      cleanup.forEach(RuncRuntime::deleteIfExists);
      throw unavailable(e);
    }
  }

  /** Runs a short runc command to its end; its stdout, or its error turned into a kind. */
  private String command(String operation, String id, List<String> args) {
    List<String> command = base();
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), VIRTUAL_THREADS);
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw BerthException.unavailable(
            "%s container %s: %s did not answer in %d s",
            operation, id, binary, COMMAND_TIMEOUT_SECONDS);
      }
      if (process.exitValue() != 0) {
        throw RuncErrors.commandFailure(
            operation, id, new String(err.join(), StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.unavailable("%s container %s: interrupted", operation, id);
    }
  }

  private List<String> base() {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--root", stateRoot.toString()));
    if (cgroupDriver == CgroupDriver.SYSTEMD) {
      command.add("--systemd-cgroup");
    }
    return command;
  }

  List<String> withLog(Path log) {
    List<String> command = base();
    command.addAll(List.of("--log", log.toString(), "--log-format", "json"));
    return command;
  }

  private static State state(JsonNode node) {
    Map<String, String> annotations = new HashMap<>();
    node.path("annotations")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new State(
        node.path("id").asText(),
        State.Status.parse(node.path("status").asText()),
        node.path("pid").asInt(),
        Path.of(node.path("bundle").asText("/")),
        created(node.path("created").asText("")),
        annotations);
  }

  private static Optional<Instant> created(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private JsonNode read(String json) {
    try {
      String text = json.isBlank() ? "null" : json;
      JsonNode node = MAPPER.readTree(text);
      return node.isNull() ? MAPPER.createArrayNode() : node;
    } catch (IOException e) {
      throw BerthException.internal("reading the output of " + binary + ": " + json, e);
    }
  }

  BerthException unavailable(IOException e) {
    return new BerthException(
        io.berth.errors.ErrorKind.UNAVAILABLE,
        "running the OCI runtime "
            + binary
            + ": "
            + e.getMessage()
            + " (is runc installed? `apt-get install runc`)",
        e);
  }

  /** Removes a container that ended, quietly: it may already be gone. */
  private void deleteQuietly(String id) {
    try {
      delete(id, true);
    } catch (BerthException e) {
      // runc removed it already, or a later recover will.
    }
  }

  private static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw BerthException.invalid(
          "container id must be 1-128 letters, digits, '_', '.' or '-', got: %s", id);
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void deleteIfExists(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A stale log is overwritten by runc anyway.
    }
  }
}
