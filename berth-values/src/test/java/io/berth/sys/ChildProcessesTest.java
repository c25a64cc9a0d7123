package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Adopting and reaping orphans, as the daemon does for containers runc started detached. */
class ChildProcessesTest {

  /**
   * In a JVM of its own: this one may carry agents (the fuzz tests' Jazzer) that reap children
   * behind the test's back, which the daemon's JVM never does.
   */
  @Test
  void anOrphanIsAdoptedAndItsExitCodeCollected() throws Exception {
    Process jvm =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Reaper.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("adopted 7\nadopted 137\n");
    assertThat(jvm.exitValue()).isZero();
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

  /** Becomes a subreaper, orphans two shells, and prints whether each was adopted and its code. */
  static final class Reaper {
    public static void main(String[] args) throws Exception {
      ChildProcesses.becomeSubreaper();
      // each sleeps first, so that it outlives its parent shell (which may reap a child that dies
      // before it exits) and is an orphan when it ends
      for (String script : new String[] {"sleep 0.2; exit 7", "sleep 0.2; kill -9 $$"}) {
        int pid = orphan(script);
        boolean adopted = parentOf(pid) == ProcessHandle.current().pid();
        System.out.println((adopted ? "adopted " : "not adopted ") + ChildProcesses.waitFor(pid));
      }
    }

    /** The pid of a shell that runs {@code script} after its parent has exited. */
    private static int orphan(String script) throws Exception {
      Process parent =
          new ProcessBuilder("sh", "-c", "sh -c '" + script + "' >/dev/null 2>&1 & echo $!")
              .redirectErrorStream(true)
              .start();
      String pid = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (parent.waitFor() != 0) {
        throw new IllegalStateException("the parent shell failed");
      }
      return Integer.parseInt(pid.strip());
    }

    /** The parent pid in {@code /proc/PID/stat}: the fourth field, after the command's ")". */
    private static long parentOf(int pid) throws java.io.IOException {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }
  }
}
