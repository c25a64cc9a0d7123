package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker build} and {@code berth build} against a daemon with the real build
 * engine, on a busybox base image imported first.
 */
class BuildEngineIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final List<String> APPLETS = List.of("sh", "echo", "cat", "false", "true");

  @TempDir Path dir;
  private TestDaemon daemon;
  private Path context;

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    Result imported = docker("import", busyboxRootfs().toString(), "busybox:latest");
    assertThat(imported.code()).as(imported.out()).isZero();
    context = Files.createDirectory(dir.resolve("ctx"));
    Files.writeString(context.resolve("app.txt"), "from the context\n");
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\n");
    Files.writeString(context.resolve("secret.txt"), "s3cr3t\n");
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private record Result(int code, String out) {}

  private Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.environment().remove("DOCKER_BUILDKIT");
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private Path busyboxRootfs() throws IOException {
    Path file = dir.resolve("rootfs.tar");
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (String d : List.of("bin/", "tmp/", "etc/")) {
        TarArchiveEntry e = new TarArchiveEntry(d);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
      TarArchiveEntry exe = new TarArchiveEntry("bin/busybox");
      exe.setMode(0100755);
      exe.setSize(busybox.length);
      tar.putArchiveEntry(exe);
      tar.write(busybox);
      tar.closeArchiveEntry();
      for (String applet : APPLETS) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  @Test
  void dockerBuildRunsTheStepsAndTags() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM busybox\nCOPY app.txt /app.txt\nRUN cat /app.txt && echo built > /built\n");
    Result r = docker("build", "-t", "mon_image:1.0", context.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Step 1/3 : FROM busybox")
        .contains("Step 3/3 : RUN cat /app.txt")
        .containsPattern(" ---> Running in [0-9a-f]{12}\n")
        .contains("from the context")
        .containsPattern("Successfully built [0-9a-f]{12}")
        .contains("Successfully tagged mon_image:1.0");

    Result again = docker("build", "-q", context.toString());
    assertThat(again.code()).as(again.out()).isZero();
    assertThat(again.out()).containsPattern("sha256:[0-9a-f]{64}").doesNotContain("Step 1/3");
  }

  @Test
  void aFailingRunExits1WithItsMessage() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo boom && false\n");
    Result r = docker("build", "-t", "broken:1", context.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("boom").containsIgnoringCase("exit");
  }

  @Test
  void aDockerfileErrorExits1NamingTheLine() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY onlyone\n");
    Result r = docker("build", context.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("Dockerfile:2");
  }

  @Test
  void berthBuildDoesTheSame() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"), "FROM busybox\nCOPY app.txt /\nRUN cat /app.txt\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        io.berth.cli.Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("BERTH_HOST", daemon.host()),
            "build",
            "--progress=plain",
            "--explain-cache",
            "-t",
            "mine:2",
            context.toString());
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("#3 [")
        .contains("RUN cat /app.txt")
        .contains("#3 from the context")
        .containsPattern("#3 ---> Running in [0-9a-f]{12}\n")
        .contains("Successfully tagged mine:2");

    StringWriter failed = new StringWriter();
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN false\n");
    int failure =
        io.berth.cli.Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(failed),
            Map.of("BERTH_HOST", daemon.host()),
            "build",
            context.toString());
    assertThat(failure).isEqualTo(1);
    assertThat(failed.toString()).isNotBlank();
  }

  @Test
  void berthBuildReadsTheContextInPlaceWithTheIgnoreFileAndSendsSecrets() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM busybox
        COPY . /ctx/
        RUN test ! -e /ctx/secret.txt && test -e /ctx/app.txt
        RUN --mount=type=secret,id=tok,required=true test "$(cat /run/secrets/tok)" = t0ken
        """);
    Path token = Files.writeString(dir.resolve("token"), "t0ken");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        io.berth.cli.Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("BERTH_HOST", daemon.host()),
            "build",
            "--progress=plain",
            "--secret",
            "id=tok,src=" + token,
            "-t",
            "inplace:1",
            context.toString());
    assertThat(code).as(out + "\n" + err).isZero();
    // the daemon read the directory where it lies: it remembers its digests, as it does for no
    // context unpacked from a tar
    try (var remembered = Files.list(daemon.root().resolve("build/context-cache"))) {
      assertThat(remembered.count()).isEqualTo(1);
    }

    int without =
        io.berth.cli.Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            Map.of("BERTH_HOST", daemon.host()),
            "build",
            "--no-cache",
            context.toString());
    assertThat(without).isEqualTo(1);
  }
}
