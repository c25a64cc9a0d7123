package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.client.DockerHost;
import io.berth.client.EngineClient;
import io.berth.daemon.TestDaemon;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.sys.WindowSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers and execs with a terminal, driven as a person drives them: the real docker CLI and
 * berth's own CLI (a JVM of its own) each run on a pseudo-terminal of their own ({@link
 * TerminalSession}), against a daemon in the test's JVM running real runc. Typing, what the shell
 * prints, {@code tty}, {@code stty size} before and after a resize, exit codes, detaching and
 * attaching again, and signals passed on without a terminal.
 */
class TerminalIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final List<String> APPLETS =
      List.of("sh", "echo", "cat", "sleep", "tty", "stty", "true", "ls");
  private static final String PROMPT = "/ # ";
  private static final String CTRL_P_CTRL_Q = "\u0010\u0011";
  private static final WindowSize SIZE = new WindowSize(24, 80);

  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static Map<String, String> dockerEnv;
  private static Map<String, String> berthEnv;

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    dockerEnv = Map.of("DOCKER_HOST", daemon.host(), "DOCKER_CONFIG", dir.resolve("dc").toString());
    berthEnv = Map.of("BERTH_HOST", daemon.host());
    Path rootfs = dir.resolve("rootfs");
    for (String d : List.of("bin", "etc", "tmp", "root")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Path tar = dir.resolve("busybox.tar");
    Process p =
        new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
    assertThat(docker("import", tar.toString(), "bb:test").code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  private record Result(int code, String out, String err) {}

  /** A command without a terminal: its code, stdout and stderr apart; it must end in a minute. */
  private static Result run(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process process = pb.start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> out = readAll(process.getInputStream());
    CompletableFuture<byte[]> err = readAll(process.getErrorStream());
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("%s ended within a minute", command).isTrue();
    return new Result(
        process.exitValue(),
        new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
        new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
  }

  /** Everything {@code in} gives, read on a thread of its own (never the common pool). */
  private static CompletableFuture<byte[]> readAll(java.io.InputStream in) {
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                all.complete(in.readAllBytes());
              } catch (java.io.IOException e) {
                all.completeExceptionally(e);
              }
            });
    return all;
  }

  private static Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return run(dockerEnv, command);
  }

  private static Result berth(String... args) throws Exception {
    return run(berthEnv, berthCommand(args));
  }

  /** berth's CLI in a JVM of its own, from this build's classes, tuned as bin/berth tunes it. */
  private static List<String> berthCommand(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static TerminalSession dockerOnTerminal(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return TerminalSession.start(dockerEnv, SIZE, command);
  }

  private static TerminalSession berthOnTerminal(String... args) throws Exception {
    return TerminalSession.start(berthEnv, SIZE, berthCommand(args));
  }

  /** Checks the shell on a terminal: its device, its size, a resize followed, then its exit. */
  private static void shellFollowsTheTerminal(TerminalSession t, String device, int code)
      throws Exception {
    t.await(PROMPT);
    t.type("tty\r").await(device + "\r\n");
    t.type("stty size\r").await("24 80\r\n");
    t.resize(new WindowSize(30, 100));
    t.typeUntil("stty size\r", "30 100\r\n");
    t.type("echo $((6 * 7))\r").await("42\r\n");
    t.type("exit " + code + "\r");
    assertThat(t.exitCode()).as(TerminalSession.printable(t.screen())).isEqualTo(code);
  }

  /**
   * Waits until an attach is through to the shell: Enter brings a prompt once the CLI has the
   * terminal in raw mode and forwards what is typed (typed before, it waits in the terminal).
   */
  private static void attached(TerminalSession t) throws Exception {
    t.type("\r").await(PROMPT);
  }

  // ---- the docker CLI

  @Test
  void dockerRunItGivesAShellOnPts0ThatFollowsTheTerminal() throws Exception {
    try (TerminalSession t =
        dockerOnTerminal("run", "-it", "--rm", "--name", "dit", "bb:test", "sh")) {
      shellFollowsTheTerminal(t, "/dev/pts/0", 3);
    }
    assertThat(docker("inspect", "dit").code()).as("--rm removed it").isNotZero();
  }

  @Test
  void dockerRunTWithoutIPrintsCarriageReturnsAndOneStream() throws Exception {
    Result r = docker("run", "--rm", "-t", "bb:test", "sh", "-c", "echo a; echo b >&2; exit 2");
    assertThat(r.out()).isEqualTo("a\r\nb\r\n");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isEqualTo(2);
    Result missing = docker("run", "--rm", "-t", "bb:test", "nosuch");
    assertThat(missing.code()).isEqualTo(127);
    assertThat(missing.err()).contains("executable file not found");
  }

  @Test
  void dockerLogsOfATerminalContainerAreItsRawStream() throws Exception {
    assertThat(
            docker("run", "--name", "tlog", "-t", "bb:test", "sh", "-c", "echo one; echo two >&2")
                .code())
        .isZero();
    Result logs = docker("logs", "tlog");
    assertThat(logs.out()).isEqualTo("one\r\ntwo\r\n");
    assertThat(logs.err()).isEmpty();
    assertThat(docker("inspect", "-f", "{{.Config.Tty}}", "tlog").out()).isEqualTo("true\n");
    String id = docker("inspect", "-f", "{{.Id}}", "tlog").out().strip();
    String log =
        Files.readString(daemon.root().resolve("containers").resolve(id).resolve(id + "-json.log"));
    assertThat(log).contains("\"log\":\"one\\r\\n\",\"stream\":\"stdout\"");
    assertThat(log).doesNotContain("stderr");
    docker("rm", "tlog");
  }

  @Test
  void dockerExecItIntoARunningContainer() throws Exception {
    assertThat(docker("run", "-d", "--name", "ex1", "bb:test", "sleep", "1000").code()).isZero();
    try (TerminalSession t = dockerOnTerminal("exec", "-it", "ex1", "sh")) {
      shellFollowsTheTerminal(t, "/dev/pts/0", 7);
    }
    Result tty = docker("exec", "-t", "ex1", "sh", "-c", "tty; exit 4");
    assertThat(tty.out()).isEqualTo("/dev/pts/0\r\n");
    assertThat(tty.code()).isEqualTo(4);
    docker("rm", "-f", "ex1");
  }

  @Test
  void dockerDetachesWithTheKeysAndAttachesAgain() throws Exception {
    try (TerminalSession t = dockerOnTerminal("run", "-it", "--name", "da1", "bb:test", "sh")) {
      t.await(PROMPT);
      t.type("echo first\r").await("\r\nfirst\r\n");
      t.type(CTRL_P_CTRL_Q);
      assertThat(t.exitCode()).isZero();
    }
    assertThat(docker("inspect", "-f", "{{.State.Running}}", "da1").out()).isEqualTo("true\n");
    try (TerminalSession t = dockerOnTerminal("attach", "da1")) {
      attached(t);
      t.type("echo again\r").await("\r\nagain\r\n");
      t.type("exit 4\r");
      assertThat(t.exitCode()).isEqualTo(4);
    }
    try (TerminalSession t = dockerOnTerminal("start", "-ai", "da1")) {
      t.await(PROMPT);
      t.type("stty size\r").await("24 80\r\n");
      t.type("exit 5\r");
      assertThat(t.exitCode()).isEqualTo(5);
    }
    assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "da1").out()).isEqualTo("5\n");
    docker("rm", "da1");
  }

  @Test
  void dockerRefusesATerminalWithoutOne() throws Exception {
    Result r = docker("run", "-it", "--rm", "bb:test", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("the input device is not a TTY");
  }

  // ---- berth's CLI

  @Test
  void berthRunItGivesAShellOnPts0ThatFollowsTheTerminal() throws Exception {
    try (TerminalSession t = berthOnTerminal("run", "-it", "--name", "bit", "bb:test", "sh")) {
      shellFollowsTheTerminal(t, "/dev/pts/0", 6);
    }
    assertThat(berth("inspect", "-f", "{{.HostConfig.ConsoleSize}} {{.Config.Tty}}", "bit").out())
        .as("the size the terminal had when the container was created")
        .isEqualTo("[24 80] true\n");
    berth("rm", "bit");
  }

  @Test
  void berthExecItIntoARunningContainer() throws Exception {
    assertThat(berth("run", "-dit", "--name", "bex", "bb:test", "sh").code()).isZero();
    try (TerminalSession t = berthOnTerminal("exec", "-it", "bex", "sh")) {
      shellFollowsTheTerminal(t, "/dev/pts/1", 8);
    }
    Result tty = berth("exec", "-t", "bex", "tty");
    assertThat(tty.out()).isEqualTo("/dev/pts/1\r\n");
    berth("rm", "-f", "bex");
  }

  @Test
  void berthDetachesWithItsKeysAndAttachesAgain() throws Exception {
    try (TerminalSession t =
        berthOnTerminal(
            "run", "-it", "--name", "bda", "--detach-keys", "ctrl-x,x", "bb:test", "sh")) {
      t.await(PROMPT);
      t.type("echo first\r").await("\r\nfirst\r\n");
      t.type("\u0018x");
      assertThat(t.exitCode()).as(TerminalSession.printable(t.screen())).isZero();
    }
    assertThat(berth("inspect", "-f", "{{.State.Running}}", "bda").out()).isEqualTo("true\n");
    try (TerminalSession t = berthOnTerminal("attach", "bda")) {
      attached(t);
      t.type("echo again\r").await("\r\nagain\r\n");
      t.type(CTRL_P_CTRL_Q);
      t.await("read escape sequence");
      assertThat(t.exitCode()).isEqualTo(1);
    }
    try (TerminalSession t = berthOnTerminal("attach", "bda")) {
      attached(t);
      t.type("exit 4\r");
      assertThat(t.exitCode()).isEqualTo(4);
    }
    try (TerminalSession t = berthOnTerminal("start", "-ai", "bda")) {
      t.await(PROMPT);
      t.type("exit 9\r");
      assertThat(t.exitCode()).isEqualTo(9);
    }
    berth("rm", "bda");
  }

  @Test
  void berthRunTWithoutIPrintsCarriageReturns() throws Exception {
    Result r = berth("run", "--rm", "-t", "bb:test", "sh", "-c", "echo a; echo b >&2; exit 2");
    assertThat(r.out()).isEqualTo("a\r\nb\r\n");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    CliRun refused = CliRun.of(berthEnv, "run", "-it", "--rm", "bb:test", "true");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("the input device is not a TTY\n");
  }

  @Test
  void berthPassesCtrlCToAContainerWithoutATerminal() throws Exception {
    String script = "trap 'echo got-INT; exit 9' INT; echo ready; while true; do sleep 0.1; done";
    try (TerminalSession t =
        berthOnTerminal("run", "--name", "sig1", "bb:test", "sh", "-c", script)) {
      t.await("ready");
      t.type("\u0003");
      t.await("got-INT");
      assertThat(t.exitCode()).isEqualTo(9);
    }
    try (TerminalSession t =
        berthOnTerminal(
            "run", "--sig-proxy=false", "--name", "sig2", "bb:test", "sh", "-c", script)) {
      t.await("ready");
      t.type("\u0003");
      assertThat(t.exitCode()).as("Ctrl-C ends the CLI itself").isEqualTo(130);
    }
    assertThat(berth("inspect", "-f", "{{.State.Running}}", "sig2").out()).isEqualTo("true\n");
    berth("rm", "-f", "sig1", "sig2");
  }

  // ---- the API

  @Test
  void resizeAnswersAsDocker() throws Exception {
    EngineClient client = new EngineClient(DockerHost.parse(daemon.host()));
    assertThat(docker("create", "--name", "rs1", "-t", "bb:test", "sh").code()).isZero();
    assertThatThrownBy(
            () -> client.post("/containers/rs1/resize", Map.of("h", "10", "w", "20"), null))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    client.post("/containers/rs1/resize", Map.of("h", "0", "w", "0"), null);
    assertThatThrownBy(
            () -> client.post("/containers/rs1/resize", Map.of("h", "x", "w", "20"), null))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    assertThatThrownBy(() -> client.post("/exec/nosuch/resize", Map.of("h", "10", "w", "20"), null))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    assertThat(docker("run", "-d", "--name", "rs2", "bb:test", "sleep", "100").code()).isZero();
    client.post("/containers/rs2/resize", Map.of("h", "10", "w", "20"), null);
    docker("rm", "-f", "rs1", "rs2");
  }
}
