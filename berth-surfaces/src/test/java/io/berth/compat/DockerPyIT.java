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
 * Debian 12's docker-py (python3-docker 5.0) against a berth daemon: {@code compat/dockerpy/
 * walkthrough.py} builds an image with a build argument, runs it detached with labels and an
 * environment, reads its logs, execs (combined and split output, exit codes), stops, waits for and
 * removes it, runs a one-shot container with {@code remove=True} and removes the image; each step
 * asserts in python and the script's last line says it got to the end.
 */
class DockerPyIT {
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
  void theWalkthroughScriptRunsToItsEnd() {
    Path scripts = ToolRun.resource("dockerpy");
    ToolRun.Result run =
        tools.run(
            List.of(
                "python3",
                scripts.resolve("walkthrough.py").toString(),
                scripts.resolve("context").toString()),
            dir,
            Map.of());
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .startsWith("server api 1.51\n")
        .contains(
            "logs b'bonjour from a docker-py build\\nready\\n'", "exec 3 (b'out\\n', b'err\\n')")
        .endsWith("removed\n");
    assertThat(tools.docker(dir, "ps", "-aq").out()).isEmpty();
  }
}
