package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth's own CLI against a daemon in the test's JVM: images, containers and volumes end to end,
 * and the same commands through the real docker CLI giving the same output (times aside).
 */
class BerthCliIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final List<String> APPLETS =
      List.of("sh", "echo", "cat", "id", "sleep", "ls", "true", "false");

  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static Map<String, String> env;
  private static Path rootfsTar;

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    env = Map.of("BERTH_HOST", daemon.host());
    Path rootfs = dir.resolve("rootfs");
    for (String d : List.of("bin", "etc", "tmp", "root")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    rootfsTar = dir.resolve("busybox.tar");
    Process p =
        new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", rootfsTar.toString(), ".")
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
    CliRun imported = berth("import", "-m", "busybox rootfs", rootfsTar.toString(), "bb:test");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).startsWith("sha256:");
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  private static CliRun berth(String... args) {
    return CliRun.of(env, args);
  }

  /** A run with bytes on stdin and bytes captured from stdout. */
  private static CliRun berthBytes(byte[] stdin, ByteArrayOutputStream out, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new Stdio(new ByteArrayInputStream(stdin), out, err, false), env, args);
    return new CliRun(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  private static String docker(String... args) throws Exception {
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
    return new String(out, UTF_8);
  }

  /** Output with its time words and the column padding they cause taken out. */
  private static String timeless(String text) {
    return text.replaceAll(
            "(Less than a second|About a minute|About an hour|\\d+ (seconds?|minutes|hours|days))"
                + " ago",
            "<time>")
        .replaceAll(" {2,}", "  ");
  }

  @Test
  void runInTheForegroundPrintsTheOutputAndExitsWithTheCode() {
    CliRun hi = berth("run", "--rm", "bb:test", "echo", "hi");
    assertThat(hi.code()).as(hi.err()).isZero();
    assertThat(hi.out()).isEqualTo("hi\n");
    CliRun failing = berth("run", "--rm", "bb:test", "sh", "-c", "echo oops >&2; exit 3");
    assertThat(failing.code()).isEqualTo(3);
    assertThat(failing.err()).contains("oops");
    CliRun missing = berth("run", "--rm", "bb:test", "/nonexistent");
    assertThat(missing.code()).as(missing.err()).isEqualTo(127);
    CliRun stdin =
        berthBytes(
            "piped\n".getBytes(UTF_8),
            new ByteArrayOutputStream(),
            "run",
            "--rm",
            "-i",
            "bb:test",
            "cat");
    assertThat(stdin.out()).isEqualTo("piped\n");
  }

  @Test
  void aDetachedContainerIsListedLoggedExecedStoppedAndRemoved() throws Exception {
    CliRun run =
        berth("run", "-d", "--name", "web1", "bb:test", "sh", "-c", "echo started; sleep 30");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().strip()).matches("[0-9a-f]{64}");
    try {
      CliRun ps = berth("ps");
      assertThat(ps.out())
          .startsWith("CONTAINER ID   IMAGE     COMMAND   ")
          .contains(run.out().substring(0, 12))
          .contains("Up ")
          .contains(" web1\n");
      assertThat(berth("ps", "-q").out()).contains(run.out().substring(0, 12));
      assertThat(berth("ps", "--format", "{{.Names}} {{.State}}").out())
          .isEqualTo("web1 running\n");
      for (int i = 0; i < 50 && !berth("logs", "web1").out().contains("started"); i++) {
        Thread.sleep(100);
      }
      assertThat(berth("logs", "web1").out()).isEqualTo("started\n");
      CliRun exec = berth("exec", "web1", "id", "-u");
      assertThat(exec.code()).as(exec.err()).isZero();
      assertThat(exec.out()).isEqualTo("0\n");
      assertThat(berth("exec", "web1", "sh", "-c", "exit 4").code()).isEqualTo(4);
      assertThat(berth("inspect", "-f", "{{.Name}} {{.State.Running}}", "web1").out())
          .isEqualTo("/web1 true\n");
      CliRun stop = berth("stop", "-t", "1", "web1");
      assertThat(stop.code()).as(stop.err()).isZero();
      assertThat(stop.out()).isEqualTo("web1\n");
      assertThat(berth("ps", "-a", "--format", "{{.Status}}").out()).startsWith("Exited (");
    } finally {
      CliRun rm = berth("rm", "-f", "web1");
      assertThat(rm.out()).isEqualTo("web1\n");
    }
    assertThat(berth("ps", "-a", "-q").out()).doesNotContain(run.out().substring(0, 12));
  }

  @Test
  void imagesAreListedTaggedInspectedSavedLoadedAndRemoved() throws Exception {
    CliRun images = berth("images");
    assertThat(images.out())
        .startsWith("REPOSITORY   TAG       IMAGE ID       CREATED")
        .containsPattern("\nbb {11}test {6}[0-9a-f]{12} ");
    assertThat(berth("tag", "bb:test", "bb:other").code()).isZero();
    assertThat(berth("images", "--format", "{{.Repository}}:{{.Tag}}").out())
        .contains("bb:test\n")
        .contains("bb:other\n");
    assertThat(berth("image", "inspect", "-f", "{{json .RepoTags}}", "bb:other").out())
        .contains("\"bb:other\"");
    assertThat(berth("history", "--format", "{{.Comment}}", "bb:test").out())
        .startsWith("busybox rootfs");
    Path saved = dir.resolve("saved.tar");
    CliRun save = berth("save", "-o", saved.toString(), "bb:other");
    assertThat(save.code()).as(save.err()).isZero();
    assertThat(Files.size(saved)).isGreaterThan(1_000_000);
    CliRun rmi = berth("rmi", "bb:other");
    assertThat(rmi.code()).as(rmi.err()).isZero();
    assertThat(rmi.out()).isEqualTo("Untagged: bb:other\n");
    CliRun load = berthBytes(Files.readAllBytes(saved), new ByteArrayOutputStream(), "load");
    assertThat(load.code()).as(load.err()).isZero();
    assertThat(load.out()).contains("Loaded image: bb:other");
    assertThat(berth("rmi", "nothing:here").code()).isEqualTo(1);
    assertThat(berth("system", "verify").code()).isZero();
    assertThat(berth("system", "df").out()).startsWith("TYPE            TOTAL     ACTIVE");
  }

  @Test
  void volumesAreCreatedListedAndRemoved() {
    assertThat(berth("volume", "create", "data").out()).isEqualTo("data\n");
    assertThat(berth("volume", "ls").out()).contains("local     data\n");
    assertThat(berth("volume", "inspect", "-f", "{{.Name}} {{.Driver}}", "data").out())
        .isEqualTo("data local\n");
    assertThat(berth("volume", "rm", "data").out()).isEqualTo("data\n");
    assertThat(berth("volume", "ls", "-q").out()).doesNotContain("data");
  }

  @Test
  void berthAndDockerPrintTheSameListings() throws Exception {
    for (String[] args :
        new String[][] {
          {"images"},
          {"images", "-q"},
          {"history", "bb:test"},
          {"volume", "ls"},
          {"ps", "-a"},
          {"image", "inspect", "bb:test"}
        }) {
      CliRun ours = berth(args);
      assertThat(ours.code()).as(ours.err()).isZero();
      assertThat(timeless(ours.out())).as(String.join(" ", args)).isEqualTo(timeless(docker(args)));
    }
  }
}
