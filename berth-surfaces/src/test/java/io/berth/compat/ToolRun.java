package io.berth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs that users point at Docker (the docker CLI, docker-compose, a python script) as
 * they run them from a shell, with {@code DOCKER_HOST} naming a test daemon.
 */
final class ToolRun {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String DOCKER_CLI =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  private final TestDaemon daemon;
  private final Path scratch;

  /** One program's outcome. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  ToolRun(TestDaemon daemon, Path scratch) {
    this.daemon = daemon;
    this.scratch = scratch;
  }

  /** Makes the base images of {@code scripts/make-base-images.sh} in the daemon. */
  void makeBaseImages(String... images) {
    List<String> command =
        new ArrayList<>(List.of(REPO.resolve("scripts/make-base-images.sh").toString()));
    command.addAll(List.of(images));
    Result made = run(command, REPO, Map.of("BERTH", REPO.resolve("bin/berth").toString()));
    assertThat(made.code()).as(made.all()).isZero();
  }

  /** Runs the docker CLI in {@code cwd} and asserts that it succeeded. */
  Result docker(Path cwd, String... args) {
    List<String> command = new ArrayList<>(List.of(DOCKER_CLI));
    command.addAll(List.of(args));
    Result result = run(command, cwd, Map.of());
    assertThat(result.code()).as("docker %s: %s", List.of(args), result.all()).isZero();
    return result;
  }

  /** Runs {@code command} in {@code cwd} with the daemon as its Docker host. */
  Result run(List<String> command, Path cwd, Map<String, String> extraEnv) {
    try {
      Path out = Files.createTempFile(scratch, "out", ".txt");
      Path err = Files.createTempFile(scratch, "err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
      pb.environment().put("BERTH_HOST", daemon.host());
      pb.environment().put("DOCKER_HOST", daemon.host());
      pb.environment().put("DOCKER_CONFIG", scratch.resolve("docker-config").toString());
      pb.environment().put("DOCKER_BUILDKIT", "0");
      pb.environment().putAll(extraEnv);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process process = pb.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end in 10 minutes");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The directory of a test resource, such as a build context kept beside a test. */
  static Path resource(String name) {
    try {
      return Path.of(ToolRun.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  /**
   * Removes a daemon's root after it stopped, without JUnit's warning for each of the symbolic
   * links to {@code /bin/busybox} that the unpacked layers hold.
   */
  static void removeTree(Path root) throws IOException, InterruptedException {
    Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", root.toString()).start();
    assertThat(rm.waitFor()).as("rm -rf %s", root).isZero();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
