package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI runs containers on a berth daemon: what the processes see (user, directory,
 * environment, mounts, limits), exit codes, logs, exec, stop and remove, restart policies and
 * health checks. One daemon and one busybox image for the class.
 */
class DockerContainerCompatIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final List<String> APPLETS =
      List.of(
          "sh",
          "echo",
          "cat",
          "id",
          "sleep",
          "pwd",
          "env",
          "ls",
          "true",
          "hostname",
          "yes",
          "head",
          "trap",
          "mount",
          "grep");

  @TempDir static Path dir;
  private static TestDaemon daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    Path rootfs = dir.resolve("rootfs");
    for (String d : List.of("bin", "etc", "tmp", "root", "home/app", "srv")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(
        rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
    Path tar = dir.resolve("busybox.tar");
    Process p =
        new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
    Result imported = docker("import", tar.toString(), "bb:test");
    assertThat(imported.code()).as(imported.out()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  private record Result(int code, String out) {}

  private static Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void runRmPrintsTheOutputAndExitsWithTheCode() throws Exception {
    assertThat(docker("run", "--rm", "--name", "rm1", "bb:test", "echo", "hi"))
        .isEqualTo(new Result(0, "hi\n"));
    assertThat(docker("run", "--rm", "--name", "rm2", "bb:test", "sh", "-c", "exit 7").code())
        .isEqualTo(7);
    assertThat(docker("ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("rm1", "rm2");
  }

  @Test
  void theProcessSeesItsUserDirectoryEnvironmentAndHostname() throws Exception {
    Result r =
        docker(
            "run",
            "--rm",
            "-u",
            "app",
            "-w",
            "/srv/work",
            "-e",
            "GREETING=salut",
            "--hostname",
            "quay",
            "bb:test",
            "sh",
            "-c",
            "id; pwd; echo $GREETING $HOME; hostname; cat /etc/hostname");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "uid=1000(app) gid=1000(app) groups=50(staff)\n/srv/work\nsalut /home/app\n"
                + "quay\nquay\n");
  }

  @Test
  void entrypointAndCommandCombineAsInDocker() throws Exception {
    Result r = docker("run", "--rm", "--entrypoint", "echo", "bb:test", "a", "b");
    assertThat(r).isEqualTo(new Result(0, "a b\n"));
  }

  @Test
  void bindMountsVolumesTmpfsAndReadOnlyRoot() throws Exception {
    Path host = Files.createDirectories(dir.resolve("share"));
    Files.writeString(host.resolve("in.txt"), "from host\n");
    Result r =
        docker(
            "run",
            "--rm",
            "--read-only",
            "-v",
            host + ":/share:ro",
            "-v",
            "data:/data",
            "--tmpfs",
            "/scratch",
            "bb:test",
            "sh",
            "-c",
            "cat /share/in.txt; echo x > /data/f && echo vol-ok; echo y > /scratch/f && echo"
                + " tmp-ok; touch /share/no 2>/dev/null || echo ro-bind; touch /no 2>/dev/null"
                + " || echo ro-root");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).isEqualTo("from host\nvol-ok\ntmp-ok\nro-bind\nro-root\n");
    assertThat(docker("run", "--rm", "-v", "data:/data", "bb:test", "cat", "/data/f").out())
        .isEqualTo("x\n");
    assertThat(docker("volume", "ls", "-q").out()).contains("data");
  }

  @Test
  void detachedContainerLogsExecStopAndRemove() throws Exception {
    Result run =
        docker(
            "run",
            "-d",
            "--name",
            "web1",
            "bb:test",
            "sh",
            "-c",
            "echo out; echo err >&2; trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done");
    assertThat(run.code()).as(run.out()).isZero();
    Thread.sleep(500);
    assertThat(docker("ps").out()).contains("web1").contains("Up ");
    assertThat(docker("logs", "web1").out()).contains("out\n").contains("err\n");
    assertThat(docker("exec", "-e", "X=1", "web1", "sh", "-c", "echo $X; exit 4"))
        .isEqualTo(new Result(4, "1\n"));
    assertThat(docker("exec", "web1", "nosuch").code()).isEqualTo(127);
    assertThat(docker("stop", "web1").code()).isZero();
    assertThat(docker("logs", "web1").out()).contains("bye\n");
    assertThat(docker("ps", "-a", "--filter", "name=web1").out()).contains("Exited (0)");
    assertThat(docker("inspect", "-f", "{{.State.ExitCode}} {{.Name}}", "web1").out())
        .isEqualTo("0 /web1\n");
    assertThat(docker("rm", "-f", "web1").code()).isZero();
    assertThat(docker("inspect", "web1").code()).isNotZero();
  }

  @Test
  void badInputGetsDockersErrorsAndLeavesNothing() throws Exception {
    assertThat(docker("run", "bb:test", "nosuch").code()).isEqualTo(127);
    assertThat(docker("run", "--rm", "--memory", "1k", "bb:test", "true").code()).isEqualTo(125);
    assertThat(docker("create", "--name", "twice", "bb:test", "true").code()).isZero();
    Result conflict = docker("run", "-d", "--name", "twice", "bb:test", "true");
    assertThat(conflict.code()).isEqualTo(125);
    assertThat(conflict.out()).contains("The container name \"/twice\" is already in use");
    Result badMount = docker("run", "--rm", "-v", "rel/path:/x", "bb:test", "true");
    assertThat(badMount.code()).isEqualTo(125);
    docker("rm", "-f", "twice");
    docker("container", "prune", "-f");
  }

  @Test
  void killDeliversTheSignalAndRecordsTheCode() throws Exception {
    docker("run", "-d", "--name", "sig1", "bb:test", "sleep", "100");
    assertThat(docker("kill", "sig1").code()).isZero();
    assertThat(docker("wait", "sig1").out()).isEqualTo("137\n");
    docker("rm", "sig1");
  }

  @Test
  void restartPolicyBringsACrashingContainerBack() throws Exception {
    docker(
        "run",
        "-d",
        "--name",
        "crash1",
        "--restart",
        "on-failure:2",
        "bb:test",
        "sh",
        "-c",
        "echo run; exit 3");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String state = "";
    while (System.nanoTime() < deadline) {
      state = docker("inspect", "-f", "{{.RestartCount}} {{.State.Status}}", "crash1").out();
      if (state.equals("2 exited\n")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(state).isEqualTo("2 exited\n");
    assertThat(docker("logs", "crash1").out()).isEqualTo("run\nrun\nrun\n");
    docker("rm", "crash1");
  }

  @Test
  void healthCheckTurnsUnhealthy() throws Exception {
    docker(
        "run",
        "-d",
        "--name",
        "sick1",
        "--health-cmd",
        "exit 1",
        "--health-interval",
        "200ms",
        "--health-retries",
        "2",
        "bb:test",
        "sleep",
        "100");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String health = "";
    while (System.nanoTime() < deadline && !health.equals("unhealthy\n")) {
      Thread.sleep(200);
      health = docker("inspect", "-f", "{{.State.Health.Status}}", "sick1").out();
    }
    assertThat(health).isEqualTo("unhealthy\n");
    assertThat(docker("ps", "--filter", "name=sick1").out()).contains("(unhealthy)");
    docker("rm", "-f", "sick1");
  }

  @Test
  void logsRotateAtTheMaximumSize() throws Exception {
    Result r =
        docker(
            "run",
            "--name",
            "chatty1",
            "--log-opt",
            "max-size=1k",
            "--log-opt",
            "max-file=2",
            "bb:test",
            "sh",
            "-c",
            "yes line | head -n 200");
    assertThat(r.code()).as(r.out()).isZero();
    String id = docker("inspect", "-f", "{{.Id}}", "chatty1").out().strip();
    Path log = daemon.root().resolve("containers").resolve(id).resolve(id + "-json.log");
    assertThat(Files.size(log)).isLessThanOrEqualTo(1024);
    assertThat(log.resolveSibling(id + "-json.log.1")).exists();
    assertThat(log.resolveSibling(id + "-json.log.2")).doesNotExist();
    assertThat(docker("logs", "--tail", "2", "chatty1").out()).isEqualTo("line\nline\n");
    docker("rm", "chatty1");
  }

  @Test
  void memoryAndPidsLimitsReachTheCgroup() throws Exception {
    Result r =
        docker(
            "run",
            "--rm",
            "--memory",
            "64m",
            "--pids-limit",
            "50",
            "bb:test",
            "sh",
            "-c",
            "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat"
                + " /sys/fs/cgroup/memory/memory.limit_in_bytes; cat /sys/fs/cgroup/pids.max"
                + " 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max");
    assertThat(r.code()).as(r.out()).isZero();
    // Before it, on a host that does not account swap, Docker's warning that swap is not limited.
    assertThat(r.out()).endsWith("67108864\n50\n");
  }
}
