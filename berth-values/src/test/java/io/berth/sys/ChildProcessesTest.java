package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Adopting and reaping orphans, as the daemon does for containers runc started detached. */
class ChildProcessesTest {

  @Test
  void anOrphanIsAdoptedAndItsExitCodeCollected() throws Exception {
    ChildProcesses.becomeSubreaper();
    assertThat(ChildProcesses.waitFor(orphan("sleep 0.2; exit 7"))).isEqualTo(7);
    assertThat(ChildProcesses.waitFor(orphan("kill -9 $$"))).isEqualTo(137);
  }

  @Test
  void waitingForAProcessThatIsNotAChildNamesIt() {
    assertThatThrownBy(() -> ChildProcesses.waitFor(1))
        .isInstanceOf(SysException.class)
        .hasMessageContaining("process 1 (not a child of this process)");
  }

  @Test
  void waitStatusesDecodeAsTheShellReportsThem() {
    assertThat(ChildProcesses.exitCode(3 << 8)).isEqualTo(3);
    assertThat(ChildProcesses.exitCode(9)).isEqualTo(137);
    assertThat(ChildProcesses.exitCode(0)).isZero();
  }

  /** The pid of a shell that runs {@code script} after its parent has exited. */
  private static int orphan(String script) throws Exception {
    Process parent =
        new ProcessBuilder("sh", "-c", "sh -c '" + script + "' >/dev/null 2>&1 & echo $!")
            .redirectErrorStream(true)
            .start();
    String pid = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(parent.waitFor()).isZero();
    int orphan = Integer.parseInt(pid.strip());
    assertThat(parentOf(orphan))
        .as("the parent of orphan %d once its parent has exited", orphan)
        .isEqualTo(ProcessHandle.current().pid());
    return orphan;
  }

  /** The parent pid in {@code /proc/PID/stat}: the fourth field, after the command's ")". */
  private static long parentOf(int pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
  }
}
