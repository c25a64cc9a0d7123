package io.berth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the docker CLI prints for berth's container listings where the daemon decides it, each
 * expectation being what dockerd 20.10 gave the same CLI for the same steps: the COMMAND column
 * with arguments holding spaces in single quotes, the IMAGE column showing the image ID once the
 * tag moved to another image, {@code ps -s} sizes, and the space {@code container prune} reclaims.
 */
class PsListingIT {
  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static ToolRun tools;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    tools = new ToolRun(daemon, dir);
    tools.makeBaseImages("busybox");
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
      ToolRun.removeTree(daemon.root());
    }
  }

  @Test
  void theListingsReadAsDockersDaemonMakesThem() {
    String busybox = tools.docker(dir, "image", "inspect", "-f", "{{.Id}}", "busybox").out();
    tools.docker(dir, "tag", "busybox:latest", "mover:1");
    tools.docker(dir, "create", "--name", "moved", "mover:1", "sh", "-c", "echo \"a b\"; exit 0");
    tools.docker(
        dir, "run", "--name", "sized", "busybox", "sh", "-c", "head -c 123456 /dev/zero >/f");
    // mover:1 now names another image.
    ToolRun.Result moved =
        tools.run(
            List.of(
                "sh",
                "-c",
                "printf 'FROM busybox\\nLABEL x=y\\n' | \"$0\" build -q -t mover:1 -",
                ToolRun.DOCKER_CLI),
            dir,
            Map.of());
    assertThat(moved.code()).as(moved.all()).isZero();

    assertThat(
            tools.docker(dir, "ps", "-a", "--format", "{{.Names}}|{{.Image}}|{{.Command}}").out())
        .isEqualTo(
            "sized|busybox|\"sh -c 'head -c 1234…\"\n"
                + "moved|"
                + busybox.strip().substring("sha256:".length(), "sha256:".length() + 12)
                + "|\"sh -c 'echo \\\"a b\\\"; …\"\n");
    assertThat(
            tools
                .docker(dir, "ps", "-a", "--no-trunc", "--format", "{{.Image}}|{{.Command}}")
                .out())
        .contains(busybox.strip() + "|\"sh -c 'echo \\\"a b\\\"; exit 0'\"");
    assertThat(tools.docker(dir, "ps", "-as", "--format", "{{.Names}} {{.Size}}").out())
        .isEqualTo("sized 123kB (virtual 2.11MB)\nmoved 0B (virtual 1.99MB)\n");
    assertThat(tools.docker(dir, "container", "prune", "-f").out())
        .endsWith("\nTotal reclaimed space: 123.5kB\n");
  }
}
