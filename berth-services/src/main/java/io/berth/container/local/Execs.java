package io.berth.container.local;

import io.berth.container.Container;
import io.berth.container.ContainerEvents;
import io.berth.container.ContainerNames;
import io.berth.container.DetachKeys;
import io.berth.container.ExecConfig;
import io.berth.container.ExecInfo;
import io.berth.container.OutputSink;
import io.berth.container.StdStream;
import io.berth.errors.BerthException;
import io.berth.runtime.CapabilitySets;
import io.berth.runtime.ConsoleSize;
import io.berth.runtime.ContainerStartException;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.ProcessSpec;
import io.berth.runtime.ResolvedUser;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.Stdio;
import io.berth.runtime.UserResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exec instances: made by {@code execCreate}, run once by {@code execStart}, kept for inspect; a
 * client that detaches leaves the process running and its exit still recorded.
 */
final class Execs {

  private final OciRuntime runtime;
  private final Bundles bundles;
  private final ContainerEvents events;
  private static final Duration RESIZE_WAIT = Duration.ofSeconds(10);

  private final Map<String, Exec> execs = new ConcurrentHashMap<>();

  Execs(OciRuntime runtime, Bundles bundles, ContainerEvents events) {
    this.runtime = runtime;
    this.bundles = bundles;
    this.events = events;
  }

  private static final class Exec {
    final String id;
    final String containerId;
    final ExecConfig config;
    final CompletableFuture<RuntimeProcess> process = new CompletableFuture<>();
    volatile boolean started;
    volatile boolean running;
    volatile Optional<Integer> exitCode = Optional.empty();

    Exec(String id, String containerId, ExecConfig config) {
      this.id = id;
      this.containerId = containerId;
      this.config = config;
    }
  }

  String create(Container c, ExecConfig config) {
    String id = ContainerNames.newId();
    execs.put(id, new Exec(id, c.id(), config));
    events.emit(
        "container",
        "exec_create: " + String.join(" ", config.cmd()),
        c.id(),
        Map.of("name", c.name(), "execID", id));
    return id;
  }

  String containerOf(String execId) {
    return get(execId).containerId;
  }

  ExecInfo inspect(String execId) {
    Exec e = get(execId);
    return new ExecInfo(e.id, e.containerId, e.config, e.running, e.exitCode, 0);
  }

  void forget(String containerId) {
    execs.values().removeIf(e -> e.containerId.equals(containerId));
  }

  void start(
      Container c,
      String execId,
      boolean detach,
      ConsoleSize size,
      Optional<InputStream> stdin,
      OutputSink sink) {
    Exec e = get(execId);
    synchronized (e) {
      if (e.started) {
        throw BerthException.conflict("exec %s has already been started", execId);
      }
      e.started = true;
      e.running = true;
    }
    ExecConfig config = size.isSet() ? e.config.withConsoleSize(size) : e.config;
    events.emit(
        "container",
        "exec_start: " + String.join(" ", config.cmd()),
        c.id(),
        Map.of("name", c.name(), "execID", execId));
    RuntimeProcess process;
    try {
      process = runtime.exec(c.id(), process(c, config), stdio(config, stdin));
    } catch (RuntimeException ex) {
      e.process.completeExceptionally(ex);
      finish(e, c, 126);
      throw ex;
    }
    e.process.complete(process);
    AtomicBoolean attached = new AtomicBoolean(!detach);
    OutputSink toClient =
        (stream, bytes, offset, length) -> {
          if (attached.get()) {
            sink.write(stream, bytes, offset, length);
          }
        };
    Thread out = pump(process.stdout(), StdStream.STDOUT, config.attachStdout(), toClient);
    Thread err = pump(process.stderr(), StdStream.STDERR, config.attachStderr(), toClient);
    CompletableFuture<Void> detached = new CompletableFuture<>();
    if (stdin.isPresent() && process.stdin().isPresent()) {
      OutputStream to = process.stdin().get();
      Pipes.thread("exec-stdin", () -> copyInput(stdin.get(), to, detached));
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Runnable wait =
        () -> {
          int code;
          try {
            code = process.waitFor();
          } catch (ContainerStartException ex) {
            code = ex.exitCode();
            byte[] message = (ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
              toClient.write(StdStream.STDERR, message, 0, message.length);
            } catch (IOException io) {
              // The client went away.
            }
          }
          join(out);
          join(err);
          process.close();
          finish(e, c, code);
          ended.complete(null);
        };
    Thread.ofVirtual().start(wait);
    if (!detach) {
      CompletableFuture.anyOf(ended, detached).join();
      attached.set(ended.isDone());
    }
  }

  /** Copies the client's input to the process until either ends or the client detaches. */
  private static void copyInput(
      InputStream from, OutputStream to, CompletableFuture<Void> detached) {
    try (to) {
      from.transferTo(to);
    } catch (DetachKeys.Detached d) {
      detached.complete(null);
    } catch (IOException ex) {
      // The process closed its stdin or the client went away.
    }
  }

  /** Sets the size of the exec's terminal once it has started (10 s at most, as Docker). */
  void resize(String execId, ConsoleSize size) {
    Exec e = get(execId);
    RuntimeProcess process;
    try {
      process = e.process.get(RESIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException ex) {
      throw new BerthException(
          io.berth.errors.ErrorKind.INTERNAL,
          "resizing exec " + execId + ": timeout waiting for exec session ready");
    } catch (ExecutionException ex) {
      throw BerthException.conflict("resizing exec %s: it did not start", execId);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw BerthException.unavailable("resizing exec %s: interrupted", execId);
    }
    if (!e.running) {
      throw BerthException.conflict("resizing exec %s: it is not running", execId);
    }
    process.resize(size);
  }

  private void finish(Exec e, Container c, int code) {
    e.exitCode = Optional.of(code);
    e.running = false;
    events.emit(
        "container",
        "exec_die",
        c.id(),
        Map.of("name", c.name(), "execID", e.id, "exitCode", Integer.toString(code)));
  }

  /** The container's process settings with the exec's command, user, directory and env. */
  ProcessSpec process(Container c, ExecConfig config) {
    ResolvedUser containerUser =
        new UserResolver(Bundles.rootfs(c)).resolve(c.config().user(), c.hostConfig().groupAdd());
    ProcessSpec base = bundles.spec(c, containerUser).process();
    ResolvedUser user =
        config.user().isEmpty()
            ? containerUser
            : new UserResolver(Bundles.rootfs(c)).resolve(config.user(), List.of());
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : base.env()) {
      env.put(entry.substring(0, entry.indexOf('=')), entry);
    }
    for (String entry : config.env()) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry);
      }
    }
    if (!config.user().isEmpty()) {
      env.put("HOME", "HOME=" + user.home());
    }
    return new ProcessSpec(
        config.tty(),
        user.toSpec(),
        config.cmd(),
        List.copyOf(env.values()),
        config.workingDir().isEmpty() ? base.cwd() : config.workingDir(),
        config.privileged()
            ? Optional.of(
                ProcessSpec.Capabilities.of(
                    CapabilitySets.bounded(
                        CapabilitySets.boundingSet(java.nio.file.Path.of("/proc/self/status")))))
            : base.capabilities(),
        base.rlimits(),
        base.noNewPrivileges(),
        base.oomScoreAdj(),
        base.apparmorProfile(),
        config.consoleSize());
  }

  private static Stdio stdio(ExecConfig config, Optional<InputStream> stdin) {
    boolean input = config.attachStdin() && stdin.isPresent();
    if (config.tty()) {
      return Stdio.terminal(input);
    }
    return input ? Stdio.pipes() : Stdio.pipesWithoutStdin();
  }

  private static Thread pump(InputStream in, StdStream stream, boolean wanted, OutputSink sink) {
    return Pipes.thread(
        "exec-" + stream,
        () -> {
          byte[] buffer = new byte[16 * 1024];
          boolean deliver = wanted;
          try {
            int n;
            while ((n = in.read(buffer)) > 0) {
              if (deliver) {
                try {
                  sink.write(stream, buffer, 0, n);
                } catch (IOException e) {
                  deliver = false;
                }
              }
            }
          } catch (IOException e) {
            // The pipe closed with the process.
          }
        });
  }

  private Exec get(String execId) {
    Exec e = execs.get(execId);
    if (e == null) {
      throw BerthException.notFound("No such exec instance: %s", execId);
    }
    return e;
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
