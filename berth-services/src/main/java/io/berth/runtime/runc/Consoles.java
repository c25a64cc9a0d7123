package io.berth.runtime.runc;

import io.berth.errors.BerthException;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.Stdio;
import io.berth.sys.ChildProcesses;
import io.berth.sys.ConsoleSocket;
import io.berth.sys.Pty;
import io.berth.sys.SysException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Starts the processes that have a terminal. runc accepts {@code --console-socket} only when it
 * detaches, so each such process is {@code runc run|exec --detach --console-socket S --pid-file P}:
 * berth listens on S (in a fresh directory only it may enter), runc's init sends the pty master
 * over it, runc exits, and the process, orphaned, becomes the daemon's child (it is a subreaper)
 * for {@link ConsoleProcess} to reap. The size in the process's {@code consoleSize} is set by runc
 * before the process starts.
 */
final class Consoles {

  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);
  private static final long RUNC_TIMEOUT_SECONDS = 60;
  private static final AtomicBoolean SUBREAPER = new AtomicBoolean();

  private final Function<Path, List<String>> base;
  private final Function<IOException, BerthException> unavailable;

  /**
   * {@code base} gives runc's command line with its global flags and {@code --log} set; {@code
   * unavailable} explains a runc that cannot be run.
   */
  Consoles(Function<Path, List<String>> base, Function<IOException, BerthException> unavailable) {
    this.base = base;
    this.unavailable = unavailable;
  }

  /**
   * Runs {@code runc <verb…> --detach --console-socket … <id>}; the process that holds its
   * terminal, or one whose {@code waitFor} throws the runtime's start error. {@code cleanup} files
   * are deleted and {@code afterExit} runs once the process has ended.
   */
  RuntimeProcess start(
      String id,
      String what,
      List<String> verb,
      Stdio stdio,
      Path log,
      List<Path> cleanup,
      Runnable afterExit) {
    Runnable finish =
        () -> {
          afterExit.run();
          cleanup.forEach(Consoles::deleteQuietly);
        };
    Path dir = null;
    try {
      becomeSubreaper();
      dir = directory(id, what);
      return launch(id, what, verb, stdio, log, dir, finish);
    } catch (RuntimeException e) {
      finish.run();
      throw e;
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  /**
   * Runs runc with the console socket in {@code dir}; the process holding the terminal, or a failed
   * one once {@code finish} has run. Throws when it cannot tell, {@code finish} not run yet.
   */
  private RuntimeProcess launch(
      String id, String what, List<String> verb, Stdio stdio, Path log, Path dir, Runnable finish) {
    try (ConsoleSocket socket = ConsoleSocket.listen(dir.resolve("console.sock"))) {
      Path pidFile = dir.resolve("pid");
      List<String> command = base.apply(log);
      command.addAll(verb);
      command.addAll(
          List.of(
              "--detach",
              "--console-socket",
              socket.path().toString(),
              "--pid-file",
              pidFile.toString(),
              id));
      Optional<String> failure = runToEnd(command, id, what);
      if (failure.isPresent()) {
        List<String> errors = RuncErrors.errorMessages(log);
        String message = errors.isEmpty() ? failure.get() : errors.getLast();
        finish.run();
        return new Failed(id, RuncErrors.startFailure(id, what, message));
      }
      int pid = readPid(pidFile, id, what);
      Pty pty;
      try {
        pty = socket.receivePty(RECEIVE_TIMEOUT, "the terminal of " + what + " " + id);
      } catch (IOException e) {
        abandon(pid);
        throw BerthException.internal(what + " " + id + ": receiving its terminal from runc", e);
      }
      boolean stdin = stdio.stdin().type() == Redirect.Type.PIPE;
      return ConsoleProcess.start(id, what, pid, pty, stdin, finish);
    } catch (SysException e) {
      throw BerthException.internal(what + " " + id + ": listening for its terminal", e);
    }
  }

  /**
   * Makes the daemon the reaper of its orphaned descendants, once. TODO(#5): only the processes
   * berth started are reaped; an orphan it did not expect (runc leaves none, foreground or
   * detached) would stay a zombie until the daemon exits, where a containerd shim reaps all.
   */
  private static void becomeSubreaper() {
    if (SUBREAPER.get()) {
      return;
    }
    try {
      ChildProcesses.becomeSubreaper();
      SUBREAPER.set(true);
    } catch (SysException e) {
      throw BerthException.internal("adopting the processes of containers with a terminal", e);
    }
  }

  private static Path directory(String id, String what) {
    try {
      return Files.createTempDirectory("berth-console-");
    } catch (IOException e) {
      throw BerthException.internal(what + " " + id + ": making its console socket directory", e);
    }
  }

  /** Runs runc to its end; empty when it succeeded, else its error output. */
  private Optional<String> runToEnd(List<String> command, String id, String what) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(Redirect.from(new File("/dev/null")))
              .redirectOutput(Redirect.DISCARD)
              .start();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(
              () -> readAll(process.getErrorStream()), RuncRuntime.VIRTUAL_THREADS);
      if (!process.waitFor(RUNC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw BerthException.unavailable(
            "%s %s: runc did not answer in %d s", what, id, RUNC_TIMEOUT_SECONDS);
      }
      if (process.exitValue() == 0) {
        return Optional.empty();
      }
      String text = new String(err.join(), StandardCharsets.UTF_8).strip();
      return Optional.of(text.isEmpty() ? "runc exited with code " + process.exitValue() : text);
    } catch (IOException e) {
      throw unavailable.apply(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.unavailable("%s %s: interrupted", what, id);
    }
  }

  private static int readPid(Path pidFile, String id, String what) {
    try {
      return Integer.parseInt(Files.readString(pidFile).strip());
    } catch (IOException | NumberFormatException e) {
      throw BerthException.internal(what + " " + id + ": reading the pid file runc wrote", e);
    }
  }

  /** Kills a process whose terminal never came, and reaps it in the background. */
  private static void abandon(int pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                ChildProcesses.waitFor(pid);
              } catch (SysException e) {
                // Already reaped, or never ours.
              }
            });
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Consoles::deleteQuietly);
    } catch (IOException e) {
      // A leftover directory in the temporary directory is harmless.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }

  /** A process that never started: no output, and {@code waitFor} throws why. */
  private record Failed(String id, BerthException failure) implements RuntimeProcess {

    @Override
    public Optional<OutputStream> stdin() {
      return Optional.empty();
    }

    @Override
    public InputStream stdout() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream stderr() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() {
      throw failure;
    }

    @Override
    public CompletableFuture<Integer> onExit() {
      return CompletableFuture.failedFuture(failure);
    }

    @Override
    public Optional<Integer> exitCode() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
