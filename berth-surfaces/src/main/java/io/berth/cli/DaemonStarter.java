package io.berth.cli;

import io.berth.client.EngineClient;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts {@code berth daemon} in the background when the default socket does not answer and the
 * user is root, so that a first {@code berth} command just works, as Docker Desktop's does.
 */
final class DaemonStarter {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private DaemonStarter() {}

  /** Whether a daemon can be started: root, and the launcher's location known. */
  static boolean canStart() {
    return isRoot() && launcher().isPresent();
  }

  /** Starts the daemon detached, waits for it to answer, and says so on {@code err}. */
  static void start(EngineClient client, Map<String, String> env, PrintWriter err) {
    Path root = Path.of(env.getOrDefault("BERTH_ROOT", "/var/lib/berth"));
    Path log = root.resolve("daemon.log");
    try {
      Files.createDirectories(root);
      ProcessBuilder daemon =
          new ProcessBuilder(
              List.of(
                  "setsid",
                  launcher().orElseThrow().toString(),
                  "daemon",
                  "--root",
                  root.toString(),
                  "-H",
                  client.host().uri()));
      daemon.redirectErrorStream(true);
      daemon.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      daemon.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      daemon.start();
    } catch (IOException e) {
      throw new BerthException(
          ErrorKind.UNAVAILABLE, "could not start a berth daemon: " + e.getMessage(), e);
    }
    awaitPing(client, log);
    err.println("berth: started a daemon on " + client.host().uri() + " (log: " + log + ")");
    err.flush();
  }

  private static void awaitPing(EngineClient client, Path log) {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      try {
        client.ping();
        return;
      } catch (BerthException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new BerthException(
              ErrorKind.UNAVAILABLE,
              "Cannot connect to the berth daemon at "
                  + client.host().uri()
                  + ": a daemon was started but did not answer within "
                  + WAIT.toSeconds()
                  + " s (see "
                  + log
                  + ")");
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BerthException(ErrorKind.UNAVAILABLE, "interrupted waiting for the daemon");
      }
    }
  }

  /** {@code bin/berth} of this installation, which the launcher passes as {@code berth.home}. */
  static Optional<Path> launcher() {
    String home = System.getProperty("berth.home");
    if (home == null) {
      return Optional.empty();
    }
    Path launcher = Path.of(home, "bin", "berth");
    return Files.isExecutable(launcher) ? Optional.of(launcher) : Optional.empty();
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
    return false;
  }
}
