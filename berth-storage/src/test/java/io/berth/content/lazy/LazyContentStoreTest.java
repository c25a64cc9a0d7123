package io.berth.content.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import io.berth.content.ContentStore;
import io.berth.content.ContentStoreContract;
import io.berth.content.LayerRecipe;
import io.berth.content.local.LocalContentStore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.oci.Digest;
import io.berth.snapshot.overlay.OverlaySnapshotter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lazy store passes the content store contract for the blobs it holds as bytes, and holds as
 * blobs the layers of the committed snapshots whose labels carry a recipe.
 */
class LazyContentStoreTest extends ContentStoreContract {

  private OverlaySnapshotter snapshots;

  @Override
  protected ContentStore newStore(Path root, Duration grace) {
    if (snapshots != null) {
      snapshots.close();
    }
    snapshots = new OverlaySnapshotter(root.resolve("snapshotter"));
    return new LazyContentStore(new LocalContentStore(root, grace), snapshots);
  }

  @AfterEach
  void closeSnapshots() {
    snapshots.close();
  }

  /** A layer as a build makes one: files in an upper directory, committed with their recipe. */
  private record Layer(LayerBlob blob, byte[] tar, Path directory) {}

  private Layer commitLayer(String name, Map<String, byte[]> files, Optional<Long> epoch)
      throws IOException {
    String key = "build-" + name;
    snapshots.prepare(key, Optional.empty(), Map.of("berth.build", "1"));
    Path upper = snapshots.upperDirectory(key).orElseThrow();
    for (var file : files.entrySet()) {
      Path path = upper.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    LayerWriter.Options options =
        LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.OVERLAY_DIFF);
    if (epoch.isPresent()) {
      options = options.withSourceDateEpoch(epoch.get());
    }
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    LayerBlob blob = new LayerWriter(options).write(upper, tar);
    snapshots.sync(key);
    LayerRecipe recipe = new LayerRecipe(blob.digest(), blob.size(), blob.contentSize(), epoch);
    snapshots.commit(name, key, recipe.labels());
    return new Layer(blob, tar.toByteArray(), snapshots.layerDirectory(name).orElseThrow());
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void aCommittedSnapshotWithARecipeIsABlobReadVerifiedAndListed() throws Exception {
    Layer layer =
        commitLayer(
            "sha256:c1",
            Map.of("data/big.bin", random(3 << 20), "etc/conf", new byte[7]),
            Optional.of(1L));
    Digest digest = layer.blob().digest();

    assertThat(digest).isEqualTo(Digest.sha256(layer.tar()));
    assertThat(store.info(digest))
        .get()
        .extracting(ContentStore.Info::size)
        .isEqualTo((long) layer.tar().length);
    ContentStore.Produced produced = store.produced(digest).orElseThrow();
    assertThat(produced.snapshot()).isEqualTo("sha256:c1");
    assertThat(produced.recipe().contentSize()).isEqualTo((3L << 20) + 7);
    assertThat(readAll(store.open(digest))).isEqualTo(layer.tar());
    assertThat(readAll(store.openVerified(digest))).isEqualTo(layer.tar());
    assertThat(store.verify(digest).ok()).isTrue();
    assertThat(store.list()).extracting(ContentStore.Info::digest).containsExactly(digest);
    assertThat(root.resolve("blobs/sha256")).isEmptyDirectory();
  }

  @Test
  void aBlobHeldAsBytesWinsOverTheSnapshotThatStandsForIt() throws Exception {
    Layer layer = commitLayer("sha256:c1", Map.of("f", random(1000)), Optional.empty());

    Digest stored = store.write(layer.tar());

    assertThat(stored).isEqualTo(layer.blob().digest());
    assertThat(store.produced(stored)).isEmpty();
    assertThat(store.list()).hasSize(1);
    assertThat(root.resolve("blobs/sha256").resolve(stored.hex())).exists();
  }

  @Test
  void aSnapshotChangedAfterItsCommitFailsItsReadsNamingBothDigests() throws Exception {
    Layer layer =
        commitLayer("sha256:c1", Map.of("data/big.bin", random(1 << 20)), Optional.empty());
    Digest digest = layer.blob().digest();
    // One bit flipped in place: same size, same time, other bytes.
    Path file = layer.directory().resolve("data/big.bin");
    var time = Files.getLastModifiedTime(file);
    Files.write(file, tamper(random(1 << 20)));
    Files.setLastModifiedTime(file, time);

    ContentStore.VerifyResult result = store.verify(digest);
    assertThat(result.ok()).isFalse();
    assertThat(result.actual()).isNotEqualTo(digest);
    for (boolean verified : new boolean[] {false, true}) {
      InputStream in = verified ? store.openVerified(digest) : store.open(digest);
      assertThatThrownBy(() -> readAll(in))
          .isInstanceOfSatisfying(
              BerthException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
          .hasMessageContaining(digest.toString())
          .hasMessageContaining(result.actual().toString())
          .hasMessageContaining("sha256:c1");
    }
  }

  private static byte[] tamper(byte[] bytes) {
    bytes[bytes.length / 2] ^= 1;
    return bytes;
  }

  @Test
  void onlyACommittedSnapshotWithARecipeStandsForABlob() throws Exception {
    Layer layer = commitLayer("sha256:c1", Map.of("f", random(100)), Optional.empty());
    LayerRecipe recipe = store.produced(layer.blob().digest()).orElseThrow().recipe();
    Digest other = Digest.sha256(new byte[] {1});
    snapshots.prepare(
        "active", Optional.empty(), new LayerRecipe(other, 10, 0, Optional.empty()).labels());
    snapshots.prepare("plain", Optional.empty(), Map.of());
    snapshots.commit("sha256:c2", "plain");

    assertThat(store.info(other)).isEmpty();
    assertThat(store.list()).extracting(ContentStore.Info::digest).containsExactly(recipe.digest());
    assertThatThrownBy(() -> store.open(other))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void theBlobGoesWithItsSnapshotAndNeitherDeleteNorGcTouchesIt() throws Exception {
    Digest digest =
        commitLayer("sha256:c1", Map.of("f", random(100)), Optional.empty()).blob().digest();

    assertThat(store.delete(digest)).isFalse();
    store.gc(Set.of());
    assertThat(store.info(digest)).isPresent();

    snapshots.remove("sha256:c1");
    assertThat(store.info(digest)).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aReaderThatStopsEarlyLeavesNoWriterBehind() throws Exception {
    Digest digest =
        commitLayer("sha256:c1", Map.of("big", random(8 << 20)), Optional.empty()).blob().digest();

    try (InputStream in = store.open(digest)) {
      assertThat(in.readNBytes(1000)).hasSize(1000);
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("blob-" + digest.shortHex()))) {
      assertThat(System.nanoTime()).as("the blob's writer still runs").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
