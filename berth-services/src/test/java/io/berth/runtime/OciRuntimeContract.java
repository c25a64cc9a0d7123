package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link OciRuntime} must do, checked from inside real containers built from a busybox
 * rootfs. Each implementation's IT extends this class.
 */
public abstract class OciRuntimeContract {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir Path work;
  private OciRuntime runtime;
  private final List<String> ids = new ArrayList<>();
  private final Cgroups cgroups = Cgroups.detect();

  /** The runtime under test, keeping its state under {@code stateRoot}. */
  protected abstract OciRuntime runtime(Path stateRoot);

  @BeforeEach
  void createRuntime() throws IOException {
    runtime = runtime(Files.createDirectories(work.resolve("state")));
  }

  @AfterEach
  void removeContainers() {
    for (String id : ids) {
      try {
        runtime.delete(id, true);
      } catch (io.berth.errors.BerthException e) {
        // Already gone: runc run removes the container when it exits.
      }
    }
    assertThat(runtime.list()).isEmpty();
  }

  /** The output and code of one foreground container. */
  record Result(String stdout, String stderr, int exitCode) {}

  private String newId() {
    String id = "berth-it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    ids.add(id);
    return id;
  }

  private RuntimeSpecs spec(String... args) {
    return RuntimeSpecs.container("rootfs").args(List.of(args)).hostname("berth-test");
  }

  private Path bundle(String id, RuntimeSpecs spec) throws IOException {
    Path bundle = Files.createDirectories(work.resolve(id));
    BusyboxBundle.rootfs(bundle);
    BusyboxBundle.writeConfig(
        bundle, spec.cgroupsPath(CgroupDriver.CGROUPFS.cgroupsPath(id)).build());
    return bundle;
  }

  private RuntimeProcess start(String id, RuntimeSpecs spec) throws IOException {
    return runtime.run(id, bundle(id, spec), Stdio.pipesWithoutStdin());
  }

  private Result run(RuntimeSpecs spec) throws IOException {
    try (RuntimeProcess p = start(newId(), spec)) {
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.stderr()));
      String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      return new Result(out, new String(err.join(), StandardCharsets.UTF_8), code);
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Starts a container that prints "ready" and then sleeps, and waits for the line. */
  private RuntimeProcess startSleeper(String id) throws IOException {
    RuntimeProcess p = start(id, spec("sh", "-c", "echo ready; exec sleep 60"));
    byte[] line = p.stdout().readNBytes(6);
    assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("ready\n");
    return p;
  }

  @Test
  void stdoutReachesTheCaller() throws IOException {
    Result r = run(spec("echo", "hello from berth"));
    assertThat(r.stdout()).isEqualTo("hello from berth\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void exitCodeIsTheContainers() throws IOException {
    assertThat(run(spec("sh", "-c", "echo oops >&2; exit 3")))
        .isEqualTo(new Result("", "oops\n", 3));
  }

  @Test
  void userAndGroupsComeFromTheImagesFiles() throws IOException {
    Path probe = Files.createDirectories(work.resolve("probe"));
    ResolvedUser app = new UserResolver(BusyboxBundle.rootfs(probe)).resolve("app", List.of());
    Result r = run(spec("id").user(app));
    assertThat(r.stdout()).contains("uid=1000(app)", "gid=1000(app)", "50(staff)", "29(audio)");
  }

  @Test
  void cwdAndEnvironment() throws IOException {
    ResolvedUser app = new ResolvedUser(1000, 1000, List.of(), "/home/app");
    assertThat(run(spec("pwd").cwd("/tmp")).stdout()).isEqualTo("/tmp\n");
    Result env = run(spec("env").user(app).env(List.of("FOO=bar")));
    assertThat(env.stdout().lines())
        .contains(
            "FOO=bar",
            "HOME=/home/app",
            "HOSTNAME=berth-test",
            "PATH=" + RuntimeSpecs.DEFAULT_PATH);
    assertThat(run(spec("hostname")).stdout()).isEqualTo("berth-test\n");
  }

  @Test
  void memoryLimitIsInTheCgroup() throws IOException {
    String file =
        cgroups.version() == Cgroups.Version.V2
            ? "/sys/fs/cgroup/memory.max"
            : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
    Result r = run(spec("cat", file).memory(ByteSizes.parse("64m")));
    assertThat(r.stdout().strip()).isEqualTo("67108864");
  }

  @Test
  void pidsLimitIsInTheCgroup() throws IOException {
    String file =
        cgroups.version() == Cgroups.Version.V2
            ? "/sys/fs/cgroup/pids.max"
            : "/sys/fs/cgroup/pids/pids.max";
    assertThat(run(spec("cat", file).pidsLimit(20)).stdout().strip()).isEqualTo("20");
  }

  @Test
  void killDeliversTheSignal() throws IOException {
    String id = newId();
    String script = "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.1; done";
    try (RuntimeProcess p = start(id, spec("sh", "-c", script))) {
      assertThat(new String(p.stdout().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
      runtime.kill(id, "TERM", false);
      assertThat(new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("got-term\n");
      assertThat(p.waitFor()).isEqualTo(7);
    }
  }

  @Test
  void execStateListPauseResumeStatsPs() throws IOException {
    String id = newId();
    try (RuntimeProcess main = startSleeper(id)) {
      assertThat(runtime.state(id))
          .hasValueSatisfying(
              s -> {
                assertThat(s.status()).isEqualTo(State.Status.RUNNING);
                assertThat(s.pid()).isPositive();
              });
      assertThat(runtime.list()).extracting(State::id).contains(id);

      ProcessSpec echo =
          new ProcessSpec(
              false,
              ProcessSpec.User.root(),
              List.of("sh", "-c", "echo in-exec; exit 4"),
              List.of("PATH=/bin"),
              "/",
              java.util.Optional.empty(),
              List.of(),
              false,
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              ConsoleSize.UNSET);
      try (RuntimeProcess exec = runtime.exec(id, echo, Stdio.pipesWithoutStdin())) {
        assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("in-exec\n");
        assertThat(exec.waitFor()).isEqualTo(4);
      }

      assertThat(runtime.ps(id)).isNotEmpty().contains(runtime.state(id).orElseThrow().pid());
      Stats stats = runtime.stats(id);
      assertThat(stats.memoryUsage()).isPositive();
      assertThat(stats.pids()).isGreaterThanOrEqualTo(1);
      assertThat(stats.cpuUsageNanos()).isPositive();

      runtime.pause(id);
      assertThat(runtime.state(id).orElseThrow().status()).isEqualTo(State.Status.PAUSED);
      runtime.resume(id);
      assertThat(runtime.state(id).orElseThrow().status()).isEqualTo(State.Status.RUNNING);

      runtime.kill(id, "KILL", true);
      assertThat(main.waitFor()).isEqualTo(137);
    }
    assertThat(runtime.state(id)).isEmpty();
  }

  @Test
  void missingExecutableIsTheExitCode127Kind() throws IOException {
    try (RuntimeProcess p = start(newId(), spec("nosuch"))) {
      assertThatThrownBy(p::waitFor)
          .isInstanceOfSatisfying(
              ContainerStartException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(ContainerStartException.Reason.EXECUTABLE_NOT_FOUND);
                assertThat(e.exitCode()).isEqualTo(127);
              })
          .hasMessageEndingWith("exec: \"nosuch\": executable file not found in $PATH");
    }
  }

  @Test
  void notExecutableIsTheExitCode126Kind() throws IOException {
    try (RuntimeProcess p = start(newId(), spec("/bin/noexec"))) {
      assertThatThrownBy(p::waitFor)
          .isInstanceOfSatisfying(
              ContainerStartException.class, e -> assertThat(e.exitCode()).isEqualTo(126))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void readOnlyRootRefusesWrites() throws IOException {
    Result r = run(spec("touch", "/written").readOnlyRoot(true));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(run(spec("touch", "/written")).exitCode()).isZero();
  }

  @Test
  void maskedPathsAreEmpty() throws IOException {
    String probe =
        "test -s /proc/kcore && echo kcore-has-data || echo kcore-empty; cat /proc/kcore; echo end";
    assertThat(run(spec("sh", "-c", probe)).stdout().lines()).containsExactly("kcore-empty", "end");
  }

  @Test
  void initRunsAsPidOne() throws IOException {
    Result r = run(spec("cat", "/proc/1/cmdline").init(Path.of("/usr/bin/tini-static")));
    assertThat(r.stdout()).startsWith(RuntimeSpecs.INIT_PATH + "\0--\0cat\0");
  }

  @Test
  void recoverKillsAndDeletesLeftovers() throws IOException {
    String id = newId();
    try (RuntimeProcess main = startSleeper(id)) {
      List<State> leftovers = runtime.recover();
      assertThat(leftovers).extracting(State::id).containsExactly(id);
      assertThat(leftovers.getFirst().status()).isEqualTo(State.Status.STOPPED);
      main.waitFor();
    }
    assertThat(runtime.state(id)).isEmpty();
  }

  @Test
  void unknownContainerIsNotFound() {
    assertThat(runtime.state("berth-no-such")).isEmpty();
    assertThatThrownBy(() -> runtime.kill("berth-no-such", "TERM", false))
        .isInstanceOfSatisfying(
            io.berth.errors.BerthException.class,
            e -> assertThat(e.kind()).isEqualTo(io.berth.errors.ErrorKind.NOT_FOUND));
  }

  /** Everything a process with a terminal wrote, read to its end. */
  private static String drain(RuntimeProcess p) throws IOException {
    return new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads until {@code expected} has been seen; what was read. */
  private static String readUntil(RuntimeProcess p, String expected) throws IOException {
    StringBuilder seen = new StringBuilder();
    byte[] buffer = new byte[256];
    while (!seen.toString().contains(expected)) {
      int n = p.stdout().read(buffer);
      if (n < 0) {
        break;
      }
      seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return seen.toString();
  }

  @Test
  void aTerminalCarriesBothStreamsWithItsLineEndingsAndItsSize() throws IOException {
    String id = newId();
    RuntimeSpecs spec =
        spec("sh", "-c", "tty; stty size; echo out; echo err >&2; exit 3")
            .terminal(true)
            .consoleSize(new ConsoleSize(33, 77));
    try (RuntimeProcess p = runtime.run(id, bundle(id, spec), Stdio.terminal(false))) {
      assertThat(p.stdin()).isEmpty();
      assertThat(drain(p)).isEqualTo("/dev/pts/0\r\n33 77\r\nout\r\nerr\r\n");
      assertThat(new String(p.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
      assertThat(p.waitFor()).isEqualTo(3);
    }
    assertThat(runtime.state(id)).as("the ended container is deleted from runc").isEmpty();
  }

  @Test
  void typedInputReachesTheProcessAndResizeChangesItsSize() throws IOException {
    String id = newId();
    String script = "echo ready; read line; echo got $line; read again; stty size; exit 5";
    RuntimeSpecs spec = spec("sh", "-c", script).terminal(true);
    try (RuntimeProcess p = runtime.run(id, bundle(id, spec), Stdio.terminal(true))) {
      assertThat(readUntil(p, "ready\r\n")).isEqualTo("ready\r\n");
      OutputStream in = p.stdin().orElseThrow();
      in.write("hello\r".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(readUntil(p, "got hello\r\n")).isEqualTo("hello\r\ngot hello\r\n");
      p.resize(new ConsoleSize(40, 120));
      in.write("\r".getBytes(StandardCharsets.UTF_8));
      assertThat(drain(p)).isEqualTo("\r\n40 120\r\n");
      assertThat(p.waitFor()).isEqualTo(5);
      assertThatThrownBy(() -> p.resize(new ConsoleSize(1, 1)))
          .isInstanceOfSatisfying(
              io.berth.errors.BerthException.class,
              e -> assertThat(e.kind()).isEqualTo(io.berth.errors.ErrorKind.FAILED_PRECONDITION));
    }
  }

  @Test
  void anExecGetsItsOwnTerminal() throws IOException {
    String id = newId();
    try (RuntimeProcess main = startSleeper(id)) {
      ProcessSpec tty =
          new ProcessSpec(
              true,
              ProcessSpec.User.root(),
              List.of("sh", "-c", "tty; stty size; exit 6"),
              List.of("PATH=/bin"),
              "/",
              java.util.Optional.empty(),
              List.of(),
              false,
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              new ConsoleSize(12, 34));
      try (RuntimeProcess exec = runtime.exec(id, tty, Stdio.terminal(false))) {
        assertThat(drain(exec)).isEqualTo("/dev/pts/0\r\n12 34\r\n");
        assertThat(exec.waitFor()).isEqualTo(6);
      }
      try (RuntimeProcess missing =
          runtime.exec(id, tty.withArgs(List.of("nosuch")), Stdio.terminal(false))) {
        assertThatThrownBy(missing::waitFor)
            .isInstanceOfSatisfying(
                ContainerStartException.class, e -> assertThat(e.exitCode()).isEqualTo(127));
      }
      runtime.kill(id, "KILL", true);
      assertThat(main.waitFor()).isEqualTo(137);
    }
  }

  @Test
  void aTerminalContainerThatCannotStartIsTheExitCode127Kind() throws IOException {
    String id = newId();
    Path bundle = bundle(id, spec("nosuch").terminal(true));
    try (RuntimeProcess p = runtime.run(id, bundle, Stdio.terminal(true))) {
      assertThatThrownBy(p::waitFor)
          .isInstanceOfSatisfying(
              ContainerStartException.class, e -> assertThat(e.exitCode()).isEqualTo(127));
    }
    assertThat(runtime.state(id)).isEmpty();
  }

  @Test
  void killEndsATerminalContainer() throws IOException {
    String id = newId();
    Path bundle = bundle(id, spec("sh", "-c", "echo ready; exec sleep 60").terminal(true));
    try (RuntimeProcess p = runtime.run(id, bundle, Stdio.terminal(false))) {
      assertThat(readUntil(p, "ready\r\n")).isEqualTo("ready\r\n");
      runtime.kill(id, "KILL", false);
      assertThat(p.waitFor()).isEqualTo(137);
      assertThat(drain(p)).isEmpty();
    }
    assertThat(runtime.state(id)).isEmpty();
  }
}
