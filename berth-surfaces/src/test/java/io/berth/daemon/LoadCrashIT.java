package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon process killed with SIGKILL in the middle of a {@code load}, once while the archive
 * is being staged and once while its blobs are being stored: each time the restarted daemon's store
 * verifies, holds no trace of the image, and the same load then succeeds.
 */
class LoadCrashIT {
  private static final int LAYERS = 6;
  private static final int LAYER_BYTES = 24 << 20;

  @TempDir Path dir;
  private Process daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor();
      }
    }
  }

  private Path root() {
    return dir.resolve("root");
  }

  private Path socket() {
    return dir.resolve("berth.sock");
  }

  private Map<String, String> env() {
    return Map.of("BERTH_HOST", "unix://" + socket());
  }

  /** Starts {@code berth daemon} as a child process and waits until it answers. */
  private void startDaemon() throws Exception {
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
            root().toString(),
            "-H",
            "unix://" + socket());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()));
    daemon = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (daemon.isAlive() && cli("version").code() == 0) {
        return;
      }
      assertThat(daemon.isAlive()).as(Files.readString(dir.resolve("daemon.log"))).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("the daemon did not answer in 60 s: " + log());
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("daemon.log"));
  }

  private record Run(int code, String out, String err) {}

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = io.berth.cli.Main.run(new PrintWriter(out), new PrintWriter(err), env(), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A docker-archive of {@code LAYERS} layers of incompressible bytes, tagged {@code big:1}. */
  private Path bigArchive() throws Exception {
    Random random = new Random(42);
    List<Path> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      Path layer = dir.resolve("layer" + i + ".tar");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (OutputStream file = Files.newOutputStream(layer);
          OutputStream hashed = new java.security.DigestOutputStream(file, sha);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(hashed)) {
        TarArchiveEntry entry = new TarArchiveEntry("data" + i);
        entry.setSize(LAYER_BYTES);
        tar.putArchiveEntry(entry);
        byte[] chunk = new byte[1 << 20];
        for (int n = 0; n < LAYER_BYTES; n += chunk.length) {
          random.nextBytes(chunk);
          tar.write(chunk);
        }
        tar.closeArchiveEntry();
      }
      layers.add(layer);
      diffIds.add("\"sha256:" + java.util.HexFormat.of().formatHex(sha.digest()) + "\"");
    }
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":"
            + "\"layers\",\"diff_ids\":["
            + String.join(",", diffIds)
            + "]}}";
    String configName = Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json";
    List<String> layerNames = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      layerNames.add("\"l" + i + "/layer.tar\"");
    }
    String manifest =
        "[{\"Config\":\"%s\",\"RepoTags\":[\"big:1\"],\"Layers\":[%s]}]"
            .formatted(configName, String.join(",", layerNames));

    Path archive = dir.resolve("big.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      add(tar, configName, config.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < LAYERS; i++) {
        TarArchiveEntry entry = new TarArchiveEntry("l" + i + "/layer.tar");
        entry.setSize(Files.size(layers.get(i)));
        tar.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(layers.get(i))) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
        Files.delete(layers.get(i));
      }
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

  /** Bytes staged by loads in progress. */
  private long staged() {
    return sizeOf(root().resolve("tmp"), p -> p.toString().contains("/load-"));
  }

  /** Layer blobs committed to the content store. */
  private long storedLayers() {
    return sizeOf(
        root().resolve("blobs/sha256"), p -> p.getParent().endsWith("sha256") && sizeAbove(p));
  }

  private static boolean sizeAbove(Path p) {
    try {
      return Files.size(p) > LAYER_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  private static long sizeOf(Path top, Predicate<Path> counted) {
    if (!Files.isDirectory(top)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(top)) {
      return files
          .filter(Files::isRegularFile)
          .filter(counted)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // renamed or deleted while walking
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /** Loads {@code archive} and SIGKILLs the daemon as soon as {@code reached} holds. */
  private void killDuringLoad(Path archive, java.util.function.BooleanSupplier reached)
      throws Exception {
    CompletableFuture<Run> load =
        CompletableFuture.supplyAsync(() -> cli("load", "-i", archive.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!reached.getAsBoolean()) {
      assertThat(load.isDone())
          .as("the load finished before the kill: %s", load.getNow(null))
          .isFalse();
      assertThat(System.nanoTime()).as("the load never got there").isLessThan(deadline);
      Thread.sleep(2);
    }
    daemon.destroyForcibly(); // SIGKILL
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(137);
    assertThat(load.get(60, TimeUnit.SECONDS).code()).isNotZero();
  }

  private void assertRestartedStoreIsWholeAndEmpty() throws Exception {
    startDaemon();
    Run verify = cli("system", "verify");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("no problems");
    assertThat(cli("images", "-q").out()).isEmpty();
    assertThat(staged()).as("staging left after the restart").isZero();
  }

  /** Blob bytes in the content store's ingest directory: writes in progress. */
  private long ingesting() {
    return sizeOf(root().resolve("blobs/ingest"), p -> true);
  }

  @Test
  void aPullKilledMidWayLeavesAStoreThatVerifiesAndTheSamePullThenSucceeds() throws Exception {
    Path archive = bigArchive();
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      String name = registry.host() + "/big:1";
      startDaemon();
      assertThat(cli("load", "-i", archive.toString()).code()).isZero();
      assertThat(cli("tag", "big:1", name).code()).isZero();
      Run push = cli("push", name);
      assertThat(push.code()).as(push.err()).isZero();
      assertThat(cli("rmi", "big:1", name).code()).isZero();
      assertThat(cli("images", "-q").out()).isEmpty();

      // Killed while the third layer streams into the content store.
      CompletableFuture<Run> pull = CompletableFuture.supplyAsync(() -> cli("pull", name));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (storedLayersAtLeast(2) ? ingesting() < LAYER_BYTES / 4 : true) {
        assertThat(pull.isDone())
            .as("the pull finished before the kill: %s", pull.getNow(null))
            .isFalse();
        assertThat(System.nanoTime()).as("the pull never got there").isLessThan(deadline);
        Thread.sleep(2);
      }
      daemon.destroyForcibly();
      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pull.get(60, TimeUnit.SECONDS).code()).isNotZero();

      startDaemon();
      Run verify = cli("system", "verify");
      assertThat(verify.out()).as(verify.err()).contains("no problems");
      assertThat(cli("images", "-q").out()).isEmpty();
      assertThat(ingesting()).as("unfinished blobs after the restart").isZero();

      Run again = cli("pull", name);
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("Status: Downloaded newer image for " + name);
      assertThat(cli("system", "verify").out()).contains("1 images: no problems");
    }
  }

  /**
   * Whether at least {@code n} compressed layers (over a quarter of a layer each) are committed.
   */
  private boolean storedLayersAtLeast(int n) {
    if (!Files.isDirectory(root().resolve("blobs/sha256"))) {
      return false;
    }
    try (Stream<Path> blobs = Files.list(root().resolve("blobs/sha256"))) {
      return blobs.filter(p -> sizeAbove(p, LAYER_BYTES / 4)).count() >= n;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean sizeAbove(Path p, long bytes) {
    try {
      return Files.size(p) > bytes;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aLoadKilledMidWayLeavesAStoreThatVerifiesAndTheSameLoadThenSucceeds() throws Exception {
    Path archive = bigArchive();
    startDaemon();

    // Killed while the archive is being staged.
    killDuringLoad(archive, () -> staged() > 3L * LAYER_BYTES / 2);
    assertRestartedStoreIsWholeAndEmpty();

    // Killed while its blobs are being committed to the content store.
    killDuringLoad(archive, () -> storedLayers() >= 2L * LAYER_BYTES);
    assertRestartedStoreIsWholeAndEmpty();

    Run load = cli("load", "-i", archive.toString());
    assertThat(load.code()).as(load.err()).isZero();
    assertThat(load.out()).isEqualTo("Loaded image: big:1\n");
    Run verify = cli("system", "verify");
    assertThat(verify.out()).contains("Checked " + (LAYERS + 2) + " blobs and 1 images");
    assertThat(verify.out()).contains("no problems");
    assertThat(cli("images", "--format", "{{.Repository}}:{{.Tag}}").out()).isEqualTo("big:1\n");
  }
}
