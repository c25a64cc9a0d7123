package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real docker CLI's image commands against berth, and skopeo reading what berth saves. */
class DockerImageCliIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;
  private TestDaemon daemon;

  @BeforeEach
  void start() throws IOException {
    daemon = TestDaemon.start(dir.resolve("d"));
  }

  @AfterEach
  void stop() throws IOException {
    daemon.close();
  }

  private record Result(int code, String out) {}

  private Result run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  private String ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  private Path busyboxRootfs() throws IOException {
    Path file = dir.resolve("rootfs.tar");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry bin = new TarArchiveEntry("bin/");
      bin.setMode(040755);
      tar.putArchiveEntry(bin);
      tar.closeArchiveEntry();
      byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
      TarArchiveEntry exe = new TarArchiveEntry("bin/busybox");
      exe.setMode(0100755);
      exe.setSize(busybox.length);
      tar.putArchiveEntry(exe);
      tar.write(busybox);
      tar.closeArchiveEntry();
      TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarConstants.LF_SYMLINK);
      sh.setLinkName("busybox");
      tar.putArchiveEntry(sh);
      tar.closeArchiveEntry();
    }
    Files.write(file, bytes.toByteArray());
    return file;
  }

  @Test
  void theImageCommandsGiveDockersAnswers() throws Exception {
    Path rootfs = busyboxRootfs();
    String id =
        ok("import", "--change", "CMD [\"sh\"]", "-m", "from a test", rootfs.toString(), "bb:1")
            .strip();
    assertThat(id).matches("sha256:[0-9a-f]{64}");

    ok("tag", "bb:1", "example.com/team/bb:2");
    assertThat(ok("images"))
        .contains("REPOSITORY")
        .containsPattern("bb\\s+1\\s+" + id.substring(7, 19))
        .containsPattern("example.com/team/bb\\s+2\\s+" + id.substring(7, 19));
    assertThat(ok("images", "-q")).contains(id.substring(7, 19));
    assertThat(ok("images", "--filter", "reference=bb")).contains("bb").doesNotContain("team");
    assertThat(ok("image", "inspect", "--format", "{{.Comment}}|{{json .Config.Cmd}}", "bb:1"))
        .isEqualTo("from a test|[\"sh\"]\n");
    assertThat(ok("history", "bb:1")).contains("from a test").contains(id.substring(7, 19));
    assertThat(ok("info")).contains(" Images: 1");

    Path saved = dir.resolve("saved.tar");
    ok("save", "-o", saved.toString(), "bb:1", "example.com/team/bb:2");
    String layer = ok("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "bb:1");
    assertThat(ok("rmi", "bb:1")).isEqualTo("Untagged: bb:1\n");
    assertThat(ok("rmi", "example.com/team/bb:2"))
        .isEqualTo("Untagged: example.com/team/bb:2\nDeleted: " + id + "\nDeleted: " + layer);
    Result missing = docker("image", "inspect", "bb:1");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.out()).contains("No such image: bb:1");

    assertThat(ok("load", "-i", saved.toString()))
        .contains("Loaded image: bb:1")
        .contains("Loaded image: example.com/team/bb:2");
    assertThat(ok("image", "inspect", "--format", "{{.Id}}", "bb:1")).isEqualTo(id + "\n");

    Result skopeo = run("skopeo", "inspect", "--raw", "docker-archive:" + saved);
    assertThat(skopeo.code()).as(skopeo.out()).isZero();
    Result oci = run("skopeo", "inspect", "--format", "{{.Digest}}", "oci-archive:" + saved + ":1");
    assertThat(oci.code()).as(oci.out()).isZero();
    String repoDigest = ok("image", "inspect", "--format", "{{index .RepoDigests 0}}", "bb:1");
    assertThat(repoDigest).isEqualTo("bb@" + oci.out());
    assertThat(ok("images", "--digests", "bb")).contains(oci.out().strip());

    assertThat(ok("rmi", "example.com/team/bb:2")).isEqualTo("Untagged: example.com/team/bb:2\n");
    ok("import", rootfs.toString(), "bb:1"); // same content, new time: bb:1 moves
    assertThat(ok("images", "--filter", "dangling=true", "-q")).contains(id.substring(7, 19));
    assertThat(ok("image", "prune", "-f"))
        .contains("deleted: " + id)
        .contains("Total reclaimed space");
    assertThat(ok("system", "df")).containsPattern("Images\\s+1\\s+");
  }

  @Test
  void removingAnUnknownImageFailsAsDockerDoes() throws Exception {
    Result r = docker("rmi", "nope:1");
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("No such image: nope:1");
    // Nothing answers on a closed local port: Docker's words for it.
    Result pull = docker("pull", "localhost:1/busybox:1");
    assertThat(pull.code()).isEqualTo(1);
    assertThat(pull.out())
        .contains("Error response from daemon: Get \"http://localhost:1/v2/busybox/manifests/1\"")
        .contains("connect: connection refused");
  }
}
