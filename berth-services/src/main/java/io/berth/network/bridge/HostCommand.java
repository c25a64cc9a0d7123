package io.berth.network.bridge;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the short host programs networking needs (CNI plugins, {@code unshare}, {@code ip}, {@code
 * iptables-restore}) to their end. Input and output go through files in a work directory, never
 * pipes, so that a virtual thread calling it blocks only in {@code waitFor}, which frees its
 * carrier.
 */
final class HostCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path work;

  HostCommand(Path work) {
    this.work = work;
  }

  /** What a finished command printed, and its exit code. */
  record Result(int code, String out, String err) {
    boolean ok() {
      return code == 0;
    }
  }

  /** Runs {@code command} with {@code input} on its stdin and {@code env} added to ours. */
  Result run(List<String> command, String input, Map<String, String> env) {
    Path in = null;
    Path out = null;
    Path err = null;
    try {
      Files.createDirectories(work);
      in = Files.createTempFile(work, "in", null);
      out = Files.createTempFile(work, "out", null);
      err = Files.createTempFile(work, "err", null);
      Files.writeString(in, input, StandardCharsets.UTF_8);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw BerthException.unavailable(
            "%s did not finish in %d s", command.getFirst(), TIMEOUT.toSeconds());
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw BerthException.unavailable(
          "running %s: %s (is it installed? scripts/install-deps.sh installs it)",
          command.getFirst(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.unavailable("running %s: interrupted", command.getFirst());
    } finally {
      for (Path p : new Path[] {in, out, err}) {
        if (p != null) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            // A leftover temporary file in the work directory is removed at the next start.
          }
        }
      }
    }
  }

  /** Runs {@code command}; its stdout, or an error naming {@code what} and its stderr. */
  String check(String what, List<String> command, String input) {
    Result r = run(command, input, Map.of());
    if (!r.ok()) {
      throw BerthException.unavailable(
          "%s: %s exited with %d: %s", what, command.getFirst(), r.code(), r.err());
    }
    return r.out();
  }
}
