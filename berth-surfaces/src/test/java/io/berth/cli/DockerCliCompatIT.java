package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real docker CLI, pointed at a berth daemon with DOCKER_HOST, gets Docker's answers. */
class DockerCliCompatIT {
  /** The docker CLI: the one CI puts in /usr/local/bin, else the distribution's. */
  private static final String DOCKER =
      java.nio.file.Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;
  private TestDaemon daemon;

  @BeforeEach
  void start() throws IOException {
    daemon = TestDaemon.start(dir.resolve("d"));
  }

  @AfterEach
  void stop() throws IOException {
    daemon.close();
  }

  private record Result(int code, String out) {}

  private Result docker(String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(concat(args));
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static List<String> concat(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void dockerVersionShowsBerthsServer() throws Exception {
    Result r = docker("version");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Server: berth Engine")
        .contains("  Version:          " + Version.current())
        .contains("(minimum version 1.24)");
  }

  @Test
  void dockerInfoShowsTheRootDir() throws Exception {
    Result r = docker("info");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains(" Docker Root Dir: " + daemon.root()).contains(" Containers: 0");
  }

  @Test
  void dockerSystemEventsReturnsAtUntil() throws Exception {
    Result r = docker("system", "events", "--since", "1m", "--until", "0s");
    assertThat(r.code()).as(r.out()).isZero();
  }

  @Test
  void dockerSeesDaemonErrorsAsFromDocker() throws Exception {
    Result r = docker("inspect", "--type", "container", "nothing");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("Error response from daemon: No such container: nothing");
  }
}
