package io.berth.build.engine;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import io.berth.content.ContentStore;
import io.berth.content.LayerRecipe;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.mount.Mount;
import io.berth.mount.MountManager;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.MediaType;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The writable snapshot of one filesystem step over the stack so far: mounted where the step writes
 * (a RUN's container root, or a temporary directory for COPY), then committed under the new chain
 * ID as the layer its upper directory's diff makes, or removed if the step fails or changed
 * nothing. Used by one thread.
 */
final class WritableLayer implements AutoCloseable {
  private final Snapshotter snapshots;
  private final Optional<ChainId> parent;
  private final String key;
  private final List<Mount> mounts;
  private Optional<Path> mountedAt = Optional.empty();
  private boolean done;
  private Optional<Path> createdMountPoint = Optional.empty();

  WritableLayer(Snapshotter snapshots, Optional<ChainId> parent) {
    this.snapshots = snapshots;
    this.parent = parent;
    this.key = "build-" + UUID.randomUUID();
    this.mounts = snapshots.prepare(key, parent.map(ChainId::toString), Map.of("berth.build", "1"));
  }

  String key() {
    return key;
  }

  /** Mounts the snapshot's merged view on {@code target} (an existing directory). */
  Path mount(Path target) {
    MountManager.mountAll(mounts, target);
    mountedAt = Optional.of(target);
    return target;
  }

  /** Mounts the merged view on a new directory under {@code work}, removed again on close. */
  Path mountUnder(Path work) {
    try {
      Path target = Files.createDirectories(work.resolve("mnt-" + key));
      createdMountPoint = Optional.of(target);
      return mount(target);
    } catch (IOException e) {
      throw BerthException.internal("creating a mount point under " + work, e);
    }
  }

  /** Takes the merged view off again; the upper directory keeps the changes. */
  void unmount() {
    if (mountedAt.isPresent()) {
      MountManager.unmount(mountedAt.get());
      mountedAt = Optional.empty();
    }
  }

  /** The directory holding only this step's changes, in overlay whiteout form. */
  Path upper() {
    return snapshots
        .upperDirectory(key)
        .orElseThrow(
            () ->
                BerthException.precondition(
                    "the snapshotter gives no upper directory for build snapshot %s", key));
  }

  /**
   * Commits the snapshot under the new chain ID as the layer its diff makes, and returns that
   * layer; a diff with no entry makes no layer and the snapshot is dropped.
   *
   * <p>The layer's blob is not written: the diff is read once, as the uncompressed tar it makes,
   * hashed for its digest (its diff ID) and measured, while its files go to disk on another thread;
   * then the snapshot is committed with the {@link LayerRecipe} as labels, and stands for the blob
   * in the content store, which writes it again from the snapshot when something reads it. A store
   * that does not hold blobs that way, or a chain another build committed without a recipe, gets
   * the blob written.
   */
  StepOutcome commit(ContentStore content, Optional<Long> sourceDateEpoch, Instant created) {
    Path upper = upper();
    if (isEmpty(upper)) {
      close();
      return new StepOutcome(Optional.empty(), parent, created);
    }
    LayerWriter.Options options = options(sourceDateEpoch);
    LayerBlob blob = measureWhileSyncing(upper, options);
    Map<String, String> labels =
        new LayerRecipe(blob.digest(), blob.size(), blob.contentSize(), sourceDateEpoch).labels();
    ChainId chain =
        parent.map(p -> p.child(blob.diffId())).orElseGet(() -> ChainId.of(List.of(blob.diffId())));
    boolean committed = commitSnapshot(chain, labels);
    if (content.info(blob.digest()).isEmpty()) {
      Path dir = committed ? snapshots.layerDirectory(chain.toString()).orElseThrow() : upper;
      storeBlob(content, dir, options, blob);
    }
    if (!committed) {
      close(); // the same layer was committed by an earlier or concurrent build
    }
    Descriptor descriptor =
        Descriptor.of(MediaType.parse(blob.mediaType()), blob.digest(), blob.size());
    return new StepOutcome(
        Optional.of(new StepOutcome.Layer(descriptor, blob.diffId())), Optional.of(chain), created);
  }

  private static LayerWriter.Options options(Optional<Long> sourceDateEpoch) {
    LayerWriter.Options options =
        LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.OVERLAY_DIFF);
    return sourceDateEpoch.map(options::withSourceDateEpoch).orElse(options);
  }

  /**
   * The layer {@code upper} makes, hashed without being kept, while a platform thread (both block
   * in the kernel) unmounts the merged view and writes the snapshot's files to disk; returns once
   * both are done. The upper directory is read while the view may still be mounted, which is safe
   * as nothing writes through it any more. Unmounting an overlay syncs its upper filesystem (over
   * half a second after a copy of 20,000 small files), which is why it is done here, at the same
   * time as the hashing, rather than before it; the snapshot's own sync then finds little left to
   * write.
   */
  private LayerBlob measureWhileSyncing(Path upper, LayerWriter.Options options) {
    Optional<Path> mounted = mountedAt;
    mountedAt = Optional.empty();
    CompletableFuture<Void> synced = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("sync-" + key)
        .start(
            () -> {
              try {
                mounted.ifPresent(MountManager::unmount);
                snapshots.sync(key);
                synced.complete(null);
              } catch (Throwable e) {
                synced.completeExceptionally(e);
              }
            });
    try {
      return new LayerWriter(options).write(upper, OutputStream.nullOutputStream());
    } finally {
      awaitSync(synced, mounted);
    }
  }

  private void awaitSync(CompletableFuture<Void> synced, Optional<Path> mounted) {
    try {
      synced.join();
    } catch (CompletionException e) {
      mountedAt = mounted; // so that close tries again
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw BerthException.internal("syncing build snapshot " + key, e.getCause());
    }
  }

  /** Writes the layer of {@code dir} into {@code content} as a blob, which must be {@code blob}. */
  private static void storeBlob(
      ContentStore content, Path dir, LayerWriter.Options options, LayerBlob blob) {
    try (ContentStore.Writer writer = content.writer(Optional.of(blob.digest()), blob.size())) {
      new LayerWriter(options).write(dir, writer.outputStream());
      writer.commit(blob.size(), blob.digest());
    }
  }

  /** Commits under {@code chain}; false when another build committed that chain first. */
  private boolean commitSnapshot(ChainId chain, Map<String, String> labels) {
    try {
      snapshots.commit(chain.toString(), key, labels);
      done = true;
      return true;
    } catch (BerthException e) {
      if (e.kind() != ErrorKind.CONFLICT || snapshots.stat(chain.toString()).isEmpty()) {
        throw e;
      }
      return false;
    }
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw BerthException.internal("reading the diff directory " + dir, e);
    }
  }

  /** Unmounts and removes the snapshot unless it was committed. */
  @Override
  public void close() {
    try {
      unmount();
      createdMountPoint.ifPresent(FileOps::deleteTree);
      createdMountPoint = Optional.empty();
    } finally {
      if (!done) {
        done = true;
        if (snapshots.stat(key).isPresent()) {
          snapshots.remove(key);
        }
      }
    }
  }
}
