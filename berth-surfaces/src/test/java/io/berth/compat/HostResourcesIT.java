package io.berth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import io.berth.runtime.Cgroups;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finer {@code HostConfig} settings as containers see them, set through the docker CLI and
 * berth's own: rlimits, {@code /dev/shm}'s size, sysctls, the OOM score, the CPU set, {@code
 * no-new-privileges}, CPU shares and the memory reservation in the container's cgroup, the swap
 * limit, {@code exec --privileged}, volumes with {@code nocopy}; and the flags berth does not
 * apply, refused by name.
 */
class HostResourcesIT {
  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static ToolRun tools;
  private static final Cgroups CGROUPS = Cgroups.detect();

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

  /** Runs {@code args} through the docker CLI, then berth's, and returns both outputs. */
  private static List<ToolRun.Result> both(String... args) {
    ToolRun.Result docker = tools.docker(dir, args);
    List<String> command = new ArrayList<>(List.of(ToolRun.REPO.resolve("bin/berth").toString()));
    command.addAll(List.of(args));
    ToolRun.Result berth = tools.run(command, dir, Map.of());
    assertThat(berth.code()).as("berth %s: %s", List.of(args), berth.all()).isZero();
    return List.of(docker, berth);
  }

  @Test
  void theProcessSettingsReachTheContainer() {
    for (ToolRun.Result r :
        both(
            "run",
            "--rm",
            "--ulimit",
            "nofile=1024:2048",
            "--ulimit",
            "core=-1",
            "--shm-size",
            "16m",
            "--sysctl",
            "kernel.msgmax=65536",
            "--oom-score-adj",
            "300",
            "--cpuset-cpus",
            "0",
            "--security-opt",
            "no-new-privileges",
            "--security-opt",
            "seccomp=unconfined",
            "busybox",
            "sh",
            "-c",
            "ulimit -Sn; ulimit -Hn; ulimit -Hc; grep ' /dev/shm ' /proc/mounts;"
                + " cat /proc/sys/kernel/msgmax /proc/self/oom_score_adj;"
                + " grep -E 'Cpus_allowed_list|NoNewPrivs' /proc/self/status")) {
      List<String> lines = r.out().lines().toList();
      assertThat(lines.subList(0, 3)).containsExactly("1024", "2048", "unlimited");
      assertThat(lines.get(3)).contains("size=16384k");
      assertThat(lines.subList(4, 6)).containsExactly("65536", "300");
      assertThat(lines.subList(6, 8))
          .containsExactlyInAnyOrder("NoNewPrivs:\t1", "Cpus_allowed_list:\t0");
    }
    // Without the flags: Docker's 64 MiB /dev/shm, the OOM score of the daemon's children.
    String plain =
        tools
            .docker(
                dir,
                "run",
                "--rm",
                "busybox",
                "sh",
                "-c",
                "grep ' /dev/shm ' /proc/mounts; grep NoNewPrivs /proc/self/status")
            .out();
    assertThat(plain).contains("size=65536k").contains("NoNewPrivs:\t0");
  }

  @Test
  void cpuSharesAndTheMemoryReservationAreInTheContainersCgroup() {
    boolean v2 = CGROUPS.version() == Cgroups.Version.V2;
    for (ToolRun.Result r :
        both(
            "run",
            "--rm",
            "--cpu-shares",
            "512",
            "--memory-reservation",
            "32m",
            "busybox",
            "sh",
            "-c",
            v2
                ? "cat /sys/fs/cgroup/cpu.weight /sys/fs/cgroup/memory.low"
                : "cat /sys/fs/cgroup/cpu/cpu.shares"
                    + " /sys/fs/cgroup/memory/memory.soft_limit_in_bytes")) {
      // On v2 runc turns 512 shares into the weight 1 + (512 - 2) * 9999 / 262142 = 20.
      assertThat(r.out()).isEqualTo(v2 ? "20\n33554432\n" : "512\n33554432\n");
    }
    String inspected =
        tools
            .docker(
                dir,
                "create",
                "--cpu-shares",
                "512",
                "--memory-reservation",
                "32m",
                "--ulimit",
                "nofile=10:20",
                "--shm-size",
                "1g",
                "--sysctl",
                "net.ipv4.ip_forward=1",
                "busybox")
            .out()
            .strip();
    assertThat(
            tools
                .docker(
                    dir,
                    "inspect",
                    "-f",
                    "{{.HostConfig.CpuShares}} {{.HostConfig.MemoryReservation}}"
                        + " {{json .HostConfig.Ulimits}} {{.HostConfig.ShmSize}}"
                        + " {{json .HostConfig.Sysctls}}",
                    inspected)
                .out())
        .isEqualTo(
            "512 33554432 [{\"Hard\":20,\"Name\":\"nofile\",\"Soft\":10}] 1073741824"
                + " {\"net.ipv4.ip_forward\":\"1\"}\n");
  }

  @Test
  void aMemoryLimitSetsSwapAsDockerDoes() {
    ToolRun.Result created = tools.docker(dir, "create", "-m", "64m", "busybox");
    String swap =
        tools
            .docker(dir, "inspect", "-f", "{{.HostConfig.MemorySwap}}", created.out().strip())
            .out()
            .strip();
    if (CGROUPS.swapLimits()) {
      assertThat(swap).isEqualTo(Long.toString(2 * 64L << 20));
      assertThat(created.err()).doesNotContain("swap limit");
    } else {
      // This kernel does not account swap: no swap limit, and Docker's warning says so.
      assertThat(swap).isEqualTo("-1");
      assertThat(created.err())
          .contains(
              "WARNING: Your kernel does not support swap limit capabilities or the cgroup is not"
                  + " mounted. Memory limited without swap.");
    }
    ToolRun.Result unlimited =
        tools.docker(dir, "create", "-m", "64m", "--memory-swap", "-1", "busybox");
    assertThat(unlimited.err()).doesNotContain("swap limit");
  }

  @Test
  void theDefaultSeccompFilterRefusesWhatTheCapabilitiesDoNotCover() {
    String probe =
        "grep Seccomp: /proc/self/status; unshare -U true 2>/dev/null && echo userns || echo"
            + " refused";
    for (ToolRun.Result r : both("run", "--rm", "busybox", "sh", "-c", probe)) {
      assertThat(r.out()).isEqualTo("Seccomp:\t2\nrefused\n");
    }
    // The capability that makes namespaces safe gives them back, as with Docker's profile.
    assertThat(
            tools
                .docker(dir, "run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "sh", "-c", probe)
                .out())
        .isEqualTo("Seccomp:\t2\nuserns\n");
    for (ToolRun.Result r :
        both("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "sh", "-c", probe)) {
      assertThat(r.out()).isEqualTo("Seccomp:\t0\nuserns\n");
    }
    assertThat(
            tools
                .docker(
                    dir,
                    "run",
                    "--rm",
                    "--privileged",
                    "busybox",
                    "grep",
                    "Seccomp:",
                    "/proc/self/status")
                .out())
        .isEqualTo("Seccomp:\t0\n");
    assertThat(tools.docker(dir, "info", "--format", "{{json .SecurityOptions}}").out())
        .contains("name=seccomp,profile=builtin");
    // A build's RUN steps are filtered too, as BuildKit's are.
    ToolRun.Result built =
        tools.run(
            List.of(
                "sh",
                "-c",
                "printf 'FROM busybox\\nRUN grep Seccomp: /proc/self/status >/seccomp\\n'"
                    + " | \"$0\" build -q -t filtered -",
                ToolRun.DOCKER_CLI),
            dir,
            Map.of());
    assertThat(built.code()).as(built.all()).isZero();
    assertThat(tools.docker(dir, "run", "--rm", "filtered", "cat", "/seccomp").out())
        .isEqualTo("Seccomp:\t2\n");
  }

  @Test
  void aPrivilegedExecHasEveryCapabilityItsContainerLacks() {
    tools.docker(
        dir, "run", "-d", "--name", "capless", "--cap-drop", "ALL", "busybox", "sleep", "60");
    try {
      assertThat(tools.docker(dir, "exec", "capless", "grep", "CapEff", "/proc/self/status").out())
          .isEqualTo("CapEff:\t0000000000000000\n");
      for (ToolRun.Result r :
          both("exec", "--privileged", "capless", "grep", "CapEff", "/proc/self/status")) {
        assertThat(r.out()).startsWith("CapEff:\t").doesNotContain("0000000000000000");
      }
    } finally {
      tools.docker(dir, "rm", "-f", "capless");
    }
  }

  @Test
  void aNoCopyVolumeStaysEmpty() {
    ToolRun.Result built =
        tools.run(
            List.of(
                "sh",
                "-c",
                "printf 'FROM busybox\\nRUN mkdir /data && echo seed >/data/f\\nVOLUME /data\\n'"
                    + " | \"$0\" build -q -t seeded -",
                ToolRun.DOCKER_CLI),
            dir,
            Map.of());
    assertThat(built.code()).as(built.all()).isZero();
    assertThat(
            tools.docker(dir, "run", "--rm", "-v", "filled:/data", "seeded", "ls", "/data").out())
        .isEqualTo("f\n");
    for (ToolRun.Result r :
        both("run", "--rm", "-v", "bare:/data:nocopy", "seeded", "ls", "/data")) {
      assertThat(r.out()).isEmpty();
    }
    assertThat(
            tools
                .docker(
                    dir,
                    "run",
                    "--rm",
                    "--mount",
                    "type=volume,src=bare2,dst=/data,volume-nocopy",
                    "seeded",
                    "ls",
                    "/data")
                .out())
        .isEmpty();
  }

  @Test
  void theFlagsBerthDoesNotApplyAreRefusedByName() {
    String before = tools.docker(dir, "ps", "-aq").out();
    Map<List<String>, String> refused =
        Map.of(
            List.of("--ipc", "host"), "--ipc host",
            List.of("--pid", "host"), "--pid host",
            List.of("--volumes-from", "capless"), "--volumes-from",
            List.of("--link", "capless:db"), "--link",
            List.of("--cpu-quota", "50000"), "--cpu-quota",
            List.of("--security-opt", "apparmor=mine"), "--security-opt apparmor=mine",
            List.of("--cgroup-parent", "mine"), "--cgroup-parent",
            List.of("--mount", "type=bind,src=/tmp,dst=/t,bind-propagation=rshared"),
                "bind propagation rshared");
    refused.forEach(
        (flags, named) -> {
          List<String> command = new ArrayList<>(List.of(ToolRun.DOCKER_CLI, "run", "--rm"));
          command.addAll(flags);
          command.addAll(List.of("busybox", "true"));
          ToolRun.Result r = tools.run(command, dir, Map.of());
          assertThat(r.code()).as(r.all()).isEqualTo(125);
          assertThat(r.err()).as(flags.toString()).contains(named).contains("not implemented");
        });
    assertThat(tools.docker(dir, "ps", "-aq").out()).as("nothing created").isEqualTo(before);
  }
}
