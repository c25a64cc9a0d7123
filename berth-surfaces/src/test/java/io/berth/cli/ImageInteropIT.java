package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images made by umoci and converted by skopeo load into berth; what berth saves, skopeo and umoci
 * read back with the same digests and the same files (the real tools from Debian).
 */
class ImageInteropIT {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  @TempDir Path dir;
  private TestDaemon daemon;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    env = Map.of("BERTH_HOST", daemon.host());
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private static String run(Path cwd, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }

  private String berth(String... args) {
    CliRun run = CliRun.of(env, args);
    assertThat(run.code()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run.out();
  }

  /** An OCI layout made by umoci: busybox, a file, a command, in one gzip layer. */
  private Path umociLayout() throws Exception {
    Path layout = dir.resolve("layout");
    run(dir, "umoci", "init", "--layout", layout.toString());
    run(dir, "umoci", "new", "--image", layout + ":v1");
    Path bundle = dir.resolve("bundle");
    run(dir, "umoci", "unpack", "--image", layout + ":v1", bundle.toString());
    Path rootfs = bundle.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
    Files.writeString(rootfs.resolve("hello"), "made by umoci\n");
    run(dir, "umoci", "repack", "--image", layout + ":v1", bundle.toString());
    run(dir, "umoci", "config", "--image", layout + ":v1", "--config.cmd", "sh");
    return layout;
  }

  private static String manifestDigest(String skopeoInspect) {
    Matcher m = Pattern.compile("\"Digest\": \"(sha256:[0-9a-f]{64})\"").matcher(skopeoInspect);
    assertThat(m.find()).as(skopeoInspect).isTrue();
    return m.group(1);
  }

  @Test
  void anOciLayoutMadeByUmociLoadsWithItsDigests() throws Exception {
    Path layout = umociLayout();
    String umociDigest = manifestDigest(run(dir, "skopeo", "inspect", "oci:" + layout + ":v1"));
    Path archive = dir.resolve("umoci.tar");
    run(layout, "tar", "-cf", archive.toString(), ".");

    // A bare "v1" names no repository: the image loads untagged, as Docker loads it.
    String loaded = berth("load", "-i", archive.toString());
    Matcher id = DIGEST.matcher(loaded);
    assertThat(id.find()).as(loaded).isTrue();
    assertThat(loaded).startsWith("Loaded image ID: ");

    berth("tag", id.group(), "umo:1");
    assertThat(berth("image", "inspect", "--format", "{{json .Config.Cmd}}", "umo:1"))
        .isEqualTo("[\"sh\"]\n");
    assertThat(berth("image", "inspect", "--format", "{{index .RepoDigests 0}}", "umo:1"))
        .isEqualTo("umo@" + umociDigest + "\n");
    assertThat(berth("system", "verify")).contains("no problems");
    assertThat(berth("run", "--rm", "umo:1", "/bin/busybox", "cat", "/hello"))
        .isEqualTo("made by umoci\n");
  }

  @Test
  void aDockerArchiveConvertedBySkopeoLoadsAndWhatBerthSavesUmociUnpacks() throws Exception {
    Path layout = umociLayout();
    Path converted = dir.resolve("converted.tar");
    run(dir, "skopeo", "copy", "oci:" + layout + ":v1", "docker-archive:" + converted + ":conv:1");

    // The image ID is the digest of the config skopeo wrote.
    assertThat(berth("load", "-i", converted.toString())).isEqualTo("Loaded image: conv:1\n");
    byte[] config =
        runBytes("skopeo", "inspect", "--config", "--raw", "docker-archive:" + converted);
    assertThat(berth("image", "inspect", "--format", "{{.Id}}", "conv:1"))
        .isEqualTo(io.berth.oci.Digest.sha256(config) + "\n");

    // What berth saves is an OCI layout that skopeo and umoci read with berth's digests.
    Path saved = dir.resolve("saved.tar");
    berth("save", "-o", saved.toString(), "conv:1");
    Path extracted = Files.createDirectories(dir.resolve("saved"));
    run(extracted, "tar", "-xf", saved.toString());
    String repoDigest = berth("image", "inspect", "--format", "{{index .RepoDigests 0}}", "conv:1");
    String skopeoDigest = manifestDigest(run(dir, "skopeo", "inspect", "oci:" + extracted + ":1"));
    assertThat(repoDigest).isEqualTo("conv@" + skopeoDigest + "\n");

    Path bundle = dir.resolve("unpacked");
    run(dir, "umoci", "unpack", "--image", extracted + ":1", bundle.toString());
    assertThat(Files.readString(bundle.resolve("umoci.json"))).contains(skopeoDigest);
    assertThat(bundle.resolve("rootfs/hello")).hasContent("made by umoci");
    assertThat(Files.mismatch(bundle.resolve("rootfs/bin/busybox"), Path.of("/bin/busybox")))
        .isEqualTo(-1L);
    assertThat(Files.readSymbolicLink(bundle.resolve("rootfs/bin/sh")))
        .isEqualTo(Path.of("busybox"));
    assertThat(run(dir, "umoci", "stat", "--image", extracted + ":1")).contains("LAYER");
  }

  @Test
  void anImportedImageSavedByBerthIsUnpackedByUmoci() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc/app"));
    Files.writeString(rootfs.resolve("etc/app/conf"), "answer=42\n");
    Files.createSymbolicLink(rootfs.resolve("conf"), Path.of("etc/app/conf"));
    Path tar = dir.resolve("rootfs.tar");
    run(rootfs, "tar", "--numeric-owner", "-cf", tar.toString(), ".");
    berth("import", "--change", "CMD [\"cat\", \"/conf\"]", tar.toString(), "imp:2");

    Path saved = dir.resolve("imp.tar");
    berth("save", "-o", saved.toString(), "imp:2");
    Path extracted = Files.createDirectories(dir.resolve("imp"));
    run(extracted, "tar", "-xf", saved.toString());
    Path bundle = dir.resolve("imp-bundle");
    run(dir, "umoci", "unpack", "--image", extracted + ":2", bundle.toString());

    assertThat(bundle.resolve("rootfs/etc/app/conf")).hasContent("answer=42");
    assertThat(Files.readSymbolicLink(bundle.resolve("rootfs/conf")))
        .isEqualTo(Path.of("etc/app/conf"));
    assertThat(Files.readString(bundle.resolve("config.json"))).contains("\"/conf\"");
    String digest = manifestDigest(run(dir, "skopeo", "inspect", "oci:" + extracted + ":2"));
    assertThat(berth("images", "--digests", "--format", "{{.Digest}}", "imp"))
        .isEqualTo(digest + "\n");
  }

  private byte[] runBytes(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return out;
  }
}
