package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.EngineEvent;
import io.berth.daemon.TestDaemon;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a daemon started in the test's JVM. */
class CliIT {
  @TempDir Path dir;
  private TestDaemon daemon;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemon.start(dir);
    env = Map.of("BERTH_HOST", daemon.host());
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  void versionShowsClientAndServer() {
    CliRun run = CliRun.of(env, "version");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Client:\n Version:           " + Version.current())
        .contains("Server: berth Engine\n Engine:\n  Version:          " + Version.current())
        .contains("  API version:      1.51 (minimum version 1.24)");
  }

  @Test
  void infoAndSystemInfoShowTheRootDir() {
    for (String[] args : new String[][] {{"info"}, {"system", "info"}}) {
      CliRun run = CliRun.of(env, args);
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out())
          .contains(" Docker Root Dir: " + daemon.root())
          .contains(" Containers: 0")
          .contains(" Storage Driver: overlayfs");
    }
  }

  @Test
  void theHostFlagWinsOverTheEnvironment() {
    CliRun run =
        CliRun.of(Map.of("BERTH_HOST", "unix:///nonexistent.sock"), "-H", daemon.host(), "info");
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void eventsPrintsTheBacklogBetweenSinceAndUntil() {
    Instant now = Instant.now();
    daemon
        .events()
        .publish(
            new EngineEvent(
                "container",
                "start",
                "c0ffee",
                Map.of("name", "web", "image", "busybox"),
                now.minusSeconds(5)));
    daemon
        .events()
        .publish(new EngineEvent("image", "tag", "sha256:1", Map.of(), now.minusSeconds(4)));
    CliRun run =
        CliRun.of(env, "events", "--since", "1m", "--until", "0s", "--filter", "type=container");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().strip())
        .matches("\\S+ container start c0ffee \\(image=busybox, name=web\\)");
  }

  @Test
  void versionAndInfoTakeATemplate() {
    CliRun run =
        CliRun.of(
            env,
            "version",
            "--format",
            "{{.Server.Version}} {{(index .Server.Components 0).Version}} {{.Client.Version}}");
    assertThat(run.code()).as(run.err()).isZero();
    // The server's Version is the Docker release whose API berth serves; its own is the Engine's.
    assertThat(run.out()).isEqualTo("28.3.0 " + Version.current() + " " + Version.current() + "\n");
    CliRun info = CliRun.of(env, "info", "-f", "{{.DockerRootDir}}");
    assertThat(info.out()).isEqualTo(daemon.root() + "\n");
  }
}
