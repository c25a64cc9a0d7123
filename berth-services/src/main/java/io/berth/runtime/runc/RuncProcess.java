package io.berth.runtime.runc;

import io.berth.errors.BerthException;
import io.berth.runtime.RuntimeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A foreground {@code runc run} or {@code runc exec}: runc stays the process's parent, passes its
 * stdio straight through, and exits with the process's code; a failure to start shows as an error
 * in runc's JSON log.
 */
final class RuncProcess implements RuntimeProcess {

  private final String id;
  private final String what;
  private final Process process;
  private final boolean stdinPiped;
  private final Path log;
  private final List<Path> cleanup;
  private final CompletableFuture<Integer> exit;

  RuncProcess(
      String id, String what, Process process, boolean stdinPiped, Path log, List<Path> cleanup) {
    this.id = id;
    this.what = what;
    this.process = process;
    this.stdinPiped = stdinPiped;
    this.log = log;
    this.cleanup = List.copyOf(cleanup);
    this.exit = process.onExit().thenApply(p -> outcome(p.exitValue()));
  }

  static boolean piped(Redirect redirect) {
    return redirect.type() == Redirect.Type.PIPE;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<OutputStream> stdin() {
    return stdinPiped ? Optional.of(process.getOutputStream()) : Optional.empty();
  }

  @Override
  public InputStream stdout() {
    return process.getInputStream();
  }

  @Override
  public InputStream stderr() {
    return process.getErrorStream();
  }

  @Override
  public int waitFor() {
    try {
      return exit.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof BerthException b) {
        throw b;
      }
      throw BerthException.internal(what + " " + id + ": waiting for the runtime", e.getCause());
    }
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  @Override
  public void close() {
    closeQuietly(process.getOutputStream());
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
  }

  /** The container's code, or the start failure that runc's log reports. */
  private int outcome(int code) {
    try {
      if (code != 0) {
        List<String> errors = RuncErrors.errorMessages(log);
        if (!errors.isEmpty()) {
          throw RuncErrors.startFailure(id, what, errors.getLast());
        }
      }
      return code;
    } finally {
      for (Path p : cleanup) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // A leftover temporary file is harmless; the next run overwrites the log.
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing a pipe the process already closed is not a failure.
    }
  }
}
