package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers a build makes are kept as their snapshots, their blobs written again when something
 * reads them: what reads layer blobs still works on such an image (save and skopeo, load into a
 * fresh daemon, push and pull, history and sizes, {@code system verify}, {@code --cache-from}, a
 * restart, a SIGKILL right after the build), a tampered snapshot is reported and never handed out,
 * and a snapshot that stands for a blob an image needs outlives the image that made it.
 */
class BuiltLayerIT {
  private static final int BIG = 3 << 20;
  private static final Pattern LAYER = Pattern.compile("sha256:[0-9a-f]{64}");

  @TempDir Path dir;
  private Process daemonProcess;

  @AfterEach
  void stop() throws Exception {
    if (daemonProcess != null) {
      daemonProcess.destroy();
      if (!daemonProcess.waitFor(30, TimeUnit.SECONDS)) {
        daemonProcess.destroyForcibly().waitFor();
      }
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String host, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        io.berth.cli.Main.run(
            new PrintWriter(out), new PrintWriter(err), Map.of("BERTH_HOST", host), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String ok(String host, String... args) {
    Run run = cli(host, args);
    assertThat(run.code()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run.out();
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

  /** The docker CLI, a process of its own, against the daemon at {@code host}. */
  private Run docker(String host, String... args) throws Exception {
    String docker =
        Files.isExecutable(Path.of("/usr/local/bin/docker"))
            ? "/usr/local/bin/docker"
            : "/usr/bin/docker";
    List<String> command = new java.util.ArrayList<>(List.of(docker));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", host);
    pb.environment().put("DOCKER_BUILDKIT", "0");
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, out);
  }

  /** Deletes the whole build cache, with the docker CLI (berth's CLI has no {@code builder}). */
  private void pruneBuildCache(String host) throws Exception {
    Run prune = docker(host, "builder", "prune", "-a", "-f");
    assertThat(prune.code()).as("docker builder prune: %s", prune.out()).isZero();
  }

  /** Imports a busybox base as {@code bb:1} into the daemon at {@code host}. */
  private void importBase(String host) throws Exception {
    Path rootfs = dir.resolve("base-rootfs");
    if (!Files.isDirectory(rootfs)) {
      Files.createDirectories(rootfs.resolve("bin"));
      Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
      for (String applet : List.of("sh", "cat", "echo", "sha256sum", "true")) {
        Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
      }
      run(dir, "tar", "-C", rootfs.toString(), "-cf", dir.resolve("base.tar").toString(), ".");
    }
    ok(host, "import", dir.resolve("base.tar").toString(), "bb:1");
  }

  /** A context whose build makes three layers: a big random file, a RUN's file, a note. */
  private Path context(String name, long seed) throws IOException {
    Path context = Files.createDirectories(dir.resolve(name));
    byte[] big = new byte[BIG];
    new Random(seed).nextBytes(big);
    Files.write(context.resolve("big.bin"), big);
    Files.writeString(context.resolve("note.txt"), "note " + seed + "\n");
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM bb:1
        COPY big.bin /data/
        RUN echo made > /data/made
        COPY note.txt /data/
        """);
    return context;
  }

  private static String sha256Hex(Path file) throws IOException {
    return Digest.sha256(Files.readAllBytes(file)).hex();
  }

  private static List<String> layers(String host, String image) {
    String json = ok(host, "image", "inspect", "--format", "{{json .RootFS.Layers}}", image);
    return LAYER.matcher(json).results().map(java.util.regex.MatchResult::group).toList();
  }

  private static String id(String host, String image) {
    return ok(host, "image", "inspect", "--format", "{{.Id}}", image).strip();
  }

  private static Path blobFile(Path root, String digest) {
    return root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  /** The files named {@code name} in the snapshots under {@code root}. */
  private static List<Path> inSnapshots(Path root, String name) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("snapshots"))) {
      return files.filter(p -> p.endsWith(name) && Files.isRegularFile(p)).toList();
    }
  }

  private static String sha256InContainer(String host, String image, String path) {
    return ok(host, "run", "--rm", image, "sha256sum", path).split(" ")[0];
  }

  @Test
  void aBuiltImageSavesLoadsIntoAFreshDaemonWithItsDigestsAndSurvivesARestart() throws Exception {
    Path context = context("ctx", 1);
    String id;
    List<String> layers;
    Path saved = dir.resolve("saved.tar");
    try (TestDaemon a = TestDaemon.start(dir.resolve("a"))) {
      importBase(a.host());
      ok(a.host(), "build", "-q", "-t", "img:1", context.toString());
      id = id(a.host(), "img:1");
      layers = layers(a.host(), "img:1");
      assertThat(layers).hasSize(4);

      // The store keeps the built layers as their snapshots, not as blobs too.
      for (String layer : layers.subList(1, 4)) {
        assertThat(blobFile(a.root(), layer)).doesNotExist();
      }
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");
      assertThat(ok(a.host(), "history", "--no-trunc", "img:1")).contains("COPY big.bin /data/");
      long size =
          Long.parseLong(
              ok(a.host(), "image", "inspect", "--format", "{{.Size}}", "img:1").strip());
      assertThat(size).isGreaterThan(BIG);

      // Saved, the archive holds the blobs with their digests, as skopeo reads them.
      ok(a.host(), "save", "-o", saved.toString(), "img:1");
      String skopeo = run(dir, "skopeo", "inspect", "docker-archive:" + saved);
      assertThat(
              LAYER
                  .matcher(skopeo.substring(skopeo.indexOf("\"Layers\"")))
                  .results()
                  .map(java.util.regex.MatchResult::group)
                  .limit(4)
                  .toList())
          .isEqualTo(layers);
      byte[] config = runBytes("skopeo", "inspect", "--config", "--raw", "docker-archive:" + saved);
      assertThat(Digest.sha256(config).toString()).isEqualTo(id);
      Path extracted = Files.createDirectories(dir.resolve("extracted"));
      run(extracted, "tar", "-xf", saved.toString());
      for (String layer : layers) {
        assertThat(
                "sha256:"
                    + sha256Hex(extracted.resolve("blobs/sha256").resolve(layer.substring(7))))
            .isEqualTo(layer);
      }
    }

    // Loaded into a fresh daemon: the same image, whose files are the context's.
    try (TestDaemon b = TestDaemon.start(dir.resolve("b"))) {
      assertThat(ok(b.host(), "load", "-i", saved.toString())).isEqualTo("Loaded image: img:1\n");
      assertThat(id(b.host(), "img:1")).isEqualTo(id);
      assertThat(layers(b.host(), "img:1")).isEqualTo(layers);
      assertThat(ok(b.host(), "system", "verify")).contains("no problems");
      assertThat(sha256InContainer(b.host(), "img:1", "/data/big.bin"))
          .isEqualTo(sha256Hex(context.resolve("big.bin")));
    }

    // The first daemon, started again, still has it whole, and saves the same bytes.
    try (TestDaemon a = TestDaemon.start(dir.resolve("a"))) {
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");
      Path again = dir.resolve("again.tar");
      ok(a.host(), "save", "-o", again.toString(), "img:1");
      assertThat(sha256Hex(again)).isEqualTo(sha256Hex(saved));
    }
  }

  private static byte[] runBytes(String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out.toByteArray();
  }

  @Test
  void aBuiltImagePushedToARegistryPullsIntoAFreshDaemon() throws Exception {
    Path context = context("ctx", 2);
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"));
        TestDaemon a = TestDaemon.start(dir.resolve("a"));
        TestDaemon c = TestDaemon.start(dir.resolve("c"))) {
      String name = registry.host() + "/built:1";
      importBase(a.host());
      ok(a.host(), "build", "-q", "-t", name, context.toString());
      ok(a.host(), "push", name);

      ok(c.host(), "pull", name);
      assertThat(id(c.host(), name)).isEqualTo(id(a.host(), name));
      assertThat(layers(c.host(), name)).isEqualTo(layers(a.host(), name));
      assertThat(ok(c.host(), "system", "verify")).contains("no problems");
      assertThat(sha256InContainer(c.host(), name, "/data/big.bin"))
          .isEqualTo(sha256Hex(context.resolve("big.bin")));
    }
  }

  @Test
  void aTamperedSnapshotIsReportedAndItsBlobNeverHandedOut() throws Exception {
    Path context = context("ctx", 3);
    try (TestDaemon a = TestDaemon.start(dir.resolve("a"))) {
      importBase(a.host());
      ok(a.host(), "build", "-q", "-t", "img:1", context.toString());
      String layer = layers(a.host(), "img:1").get(1);

      // One bit flipped in the snapshot, its size and time kept.
      List<Path> copies = inSnapshots(a.root(), "data/big.bin");
      assertThat(copies).hasSize(1);
      flipOneBit(copies.getFirst());

      Run verify = cli(a.host(), "system", "verify");
      assertThat(verify.code()).isEqualTo(1);
      assertThat(verify.err()).contains("blob " + layer + " (written again from snapshot");
      assertThat(verify.out()).contains("problems").doesNotContain("no problems");

      Path saved = dir.resolve("saved.tar");
      Run save = cli(a.host(), "save", "-o", saved.toString(), "img:1");
      assertThat(save.code()).as(save.out()).isNotZero();
      assertThat(saved).doesNotExist();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
      }
    }
  }

  private static void flipOneBit(Path file) throws IOException {
    FileTime time = Files.getLastModifiedTime(file);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, BIG / 2);
      one.put(0, (byte) (one.get(0) ^ 1));
      one.rewind();
      channel.write(one, BIG / 2);
    }
    Files.setLastModifiedTime(file, time);
  }

  @Test
  void aLoadedImageSharingABuiltLayerKeepsItsSnapshotUntilNoImageNeedsIt() throws Exception {
    Path context = context("ctx", 4);
    try (TestDaemon a = TestDaemon.start(dir.resolve("a"))) {
      importBase(a.host());
      ok(a.host(), "build", "-q", "-t", "img:1", context.toString());
      String big = layers(a.host(), "img:1").get(1);
      Path saved = dir.resolve("saved.tar");
      ok(a.host(), "save", "-o", saved.toString(), "img:1");
      Path extracted = Files.createDirectories(dir.resolve("extracted"));
      run(extracted, "tar", "-xf", saved.toString());

      // An image whose only layer is the built one, on no parent: another chain, the same blob.
      Path archive =
          oneLayerArchive(extracted.resolve("blobs/sha256").resolve(big.substring(7)), big);
      assertThat(ok(a.host(), "load", "-i", archive.toString()))
          .isEqualTo("Loaded image: shared:1\n");
      assertThat(blobFile(a.root(), big)).as("shared, not stored again").doesNotExist();

      // The image that made the layer goes, with the build cache and whatever a GC finds.
      ok(a.host(), "rmi", "img:1");
      pruneBuildCache(a.host());
      ok(a.host(), "image", "prune", "-f");
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");
      assertThat(inSnapshots(a.root(), "data/big.bin")).hasSize(1);
      Path again = dir.resolve("shared.tar");
      ok(a.host(), "save", "-o", again.toString(), "shared:1");
      Path reextracted = Files.createDirectories(dir.resolve("reextracted"));
      run(reextracted, "tar", "-xf", again.toString());
      assertThat(
              "sha256:" + sha256Hex(reextracted.resolve("blobs/sha256").resolve(big.substring(7))))
          .isEqualTo(big);

      // Once no image needs it, it goes too.
      ok(a.host(), "rmi", "shared:1");
      pruneBuildCache(a.host());
      ok(a.host(), "image", "prune", "-f");
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");
      assertThat(inSnapshots(a.root(), "data/big.bin")).isEmpty();
    }
  }

  /** A docker-archive of one image, {@code shared:1}, whose only layer is {@code layer}. */
  private Path oneLayerArchive(Path layer, String diffId) throws IOException {
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
            + "\"layers\",\"diff_ids\":[\""
            + diffId
            + "\"]}}";
    String configName = Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json";
    String manifest =
        "[{\"Config\":\"%s\",\"RepoTags\":[\"shared:1\"],\"Layers\":[\"l/layer.tar\"]}]"
            .formatted(configName);
    Path archive = dir.resolve("shared-in.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      add(tar, configName, config.getBytes(StandardCharsets.UTF_8));
      add(tar, "l/layer.tar", Files.readAllBytes(layer));
      add(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    }
    return archive;
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  @Test
  void cacheFromAndTwoBuildsSharingALayerUseTheSameSnapshots() throws Exception {
    Path context = context("ctx", 5);
    try (TestDaemon a = TestDaemon.start(dir.resolve("a"))) {
      importBase(a.host());
      ok(
          a.host(),
          "build",
          "-q",
          "--build-arg",
          "BUILDKIT_INLINE_CACHE=1",
          "-t",
          "img:1",
          context.toString());

      // Without the build cache, --cache-from answers every step from the image's own layers.
      pruneBuildCache(a.host());
      String rebuilt =
          ok(
              a.host(),
              "build",
              "--cache-from",
              "img:1",
              "--build-arg",
              "BUILDKIT_INLINE_CACHE=1",
              "-t",
              "img:2",
              context.toString());
      assertThat(rebuilt).contains("CACHED");
      // A RUN run again would write its file at another time, and make another image.
      assertThat(id(a.host(), "img:2")).isEqualTo(id(a.host(), "img:1"));

      // Two builds at once (two docker CLIs), without the cache, share the layers they both make
      // and both succeed.
      Path other = context("other", 6);
      CompletableFuture<Run> first = buildAsync(a.host(), "x:1", other);
      CompletableFuture<Run> second = buildAsync(a.host(), "x:2", other);
      assertThat(first.get(300, TimeUnit.SECONDS).code()).as(first.get().out()).isZero();
      assertThat(second.get(300, TimeUnit.SECONDS).code()).as(second.get().out()).isZero();
      // (the RUN's layer differs: each run writes its file at its own time)
      assertThat(layers(a.host(), "x:2").get(1)).isEqualTo(layers(a.host(), "x:1").get(1));
      assertThat(inSnapshots(a.root(), "data/big.bin")).hasSize(2); // ctx's and other's
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");

      ok(a.host(), "rmi", "x:1");
      assertThat(ok(a.host(), "system", "verify")).contains("no problems");
      assertThat(sha256InContainer(a.host(), "x:2", "/data/big.bin"))
          .isEqualTo(sha256Hex(other.resolve("big.bin")));
    }
  }

  @Test
  void aDaemonKilledRightAfterABuildComesBackWithTheImageWhole() throws Exception {
    Path context = context("ctx", 7);
    Path root = dir.resolve("killed/root");
    String host = "unix://" + dir.resolve("killed/berth.sock");
    startDaemonProcess(root, host);
    importBase(host);
    ok(host, "build", "-q", "-t", "img:1", context.toString());
    String id = id(host, "img:1");

    daemonProcess.destroyForcibly(); // SIGKILL
    assertThat(daemonProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemonProcess.exitValue()).isEqualTo(137);

    startDaemonProcess(root, host);
    assertThat(id(host, "img:1")).isEqualTo(id);
    assertThat(ok(host, "system", "verify")).contains("no problems");
    Path saved = dir.resolve("saved.tar");
    ok(host, "save", "-o", saved.toString(), "img:1");
    assertThat(run(dir, "skopeo", "inspect", "docker-archive:" + saved))
        .contains(layers(host, "img:1").get(1));
  }

  private CompletableFuture<Run> buildAsync(String host, String tag, Path context) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return docker(host, "build", "-q", "--no-cache", "-t", tag, context.toString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        // Not the common pool: the daemon in this JVM needs it to learn that a RUN's runc exited
        // (Process.onExit), and it has one thread on two cores.
        task -> Thread.ofPlatform().daemon().start(task));
  }

  private void startDaemonProcess(Path root, String host) throws Exception {
    Files.createDirectories(root);
    Path log = root.resolveSibling("daemon.log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.berth.daemon.DaemonMain",
            "--root",
            root.toString(),
            "-H",
            host);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    daemonProcess = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (cli(host, "version").code() != 0) {
      assertThat(daemonProcess.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("the daemon did not answer in 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
