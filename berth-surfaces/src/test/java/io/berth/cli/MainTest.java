package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage errors, exit codes and option parsing, without a daemon. */
class MainTest {
  private static final Map<String, String> NO_DAEMON =
      Map.of("BERTH_HOST", "unix:///nonexistent/berth.sock");

  @Test
  void anUnknownCommandExits1LikeDocker() {
    CliRun run = CliRun.of(NO_DAEMON, "frobnicate");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("berth: unknown command: berth frobnicate")
        .contains("Run 'berth --help' for more information");
  }

  @Test
  void anUnknownFlagExits125AndPointsAtTheCommandsHelp() {
    CliRun run = CliRun.of(NO_DAEMON, "version", "--bogus");
    assertThat(run.code()).isEqualTo(125);
    assertThat(run.err())
        .startsWith("unknown flag: --bogus")
        .contains("Run 'berth version --help' for more information");
  }

  @Test
  void anUnreachableDaemonExits1WithDockersHint() {
    CliRun run = CliRun.of(NO_DAEMON, "info");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "Cannot connect to the berth daemon at unix:///nonexistent/berth.sock."
                + " Is the berth daemon running?");
    assertThat(run.err()).doesNotContain("at io.berth");
  }

  @Test
  void debugAddsTheStackTrace() {
    CliRun run = CliRun.of(NO_DAEMON, "-D", "info");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("at io.berth.client");
  }

  @Test
  void versionPrintsTheClientEvenWithoutADaemon() {
    CliRun run = CliRun.of(NO_DAEMON, "version");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).startsWith("Client:\n Version:").contains(" Context:           default");
  }

  @Test
  void tcpHostsAreNotImplementedYet() {
    CliRun run = CliRun.of(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), "info");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("connecting to tcp://127.0.0.1:2375")
        .contains("not implemented");
  }

  @Test
  void timesAreConvertedAsDockersCliDoes() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    assertThat(Timestamps.toApi("since", "1699999999", now)).isEqualTo("1699999999");
    assertThat(Timestamps.toApi("since", "10m", now)).isEqualTo("1699999400.000000000");
    assertThat(Timestamps.toApi("since", "1h30m", now)).isEqualTo("1699994600.000000000");
    assertThat(Timestamps.toApi("until", "2023-11-14T22:13:20Z", now))
        .isEqualTo("1700000000.000000000");
    assertThat(Timestamps.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void filtersBecomeTheApisJson() {
    assertThat(EventsCommand.filtersJson(List.of("type=container", "event=start", "event=die")))
        .isEqualTo("{\"event\":{\"die\":true,\"start\":true},\"type\":{\"container\":true}}");
  }

  @Test
  void sizesPrintAsDockerPrintsThem() {
    assertThat(InfoCommand.bytes(25_281_200_128L)).isEqualTo("23.54GiB");
    assertThat(InfoCommand.bytes(512)).isEqualTo("512B");
  }
}
