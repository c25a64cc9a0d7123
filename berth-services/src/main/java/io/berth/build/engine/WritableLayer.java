package io.berth.build.engine;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.mount.Mount;
import io.berth.mount.MountManager;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.MediaType;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The writable snapshot of one filesystem step over the stack so far: mounted where the step writes
 * (a RUN's container root, or a temporary directory for COPY), then turned into a layer blob from
 * its upper directory's diff and committed under the new chain ID, or removed if the step fails or
 * changed nothing. Used by one thread.
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
   * Writes the diff as an uncompressed layer into {@code content} and commits the snapshot under
   * the new chain ID; a diff with no entry makes no layer and the snapshot is dropped.
   */
  StepOutcome commit(ContentStore content, Optional<Long> sourceDateEpoch, Instant created) {
    unmount();
    Path upper = upper();
    if (isEmpty(upper)) {
      close();
      return new StepOutcome(Optional.empty(), parent, created);
    }
    LayerWriter.Options options =
        LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.OVERLAY_DIFF);
    if (sourceDateEpoch.isPresent()) {
      options = options.withSourceDateEpoch(sourceDateEpoch.get());
    }
    LayerBlob blob;
    ContentStore.Writer writer = content.writer();
    try {
      blob = new LayerWriter(options).write(upper, writer.outputStream());
      writer.commit(blob.size(), blob.digest());
    } finally {
      closeQuietly(writer);
    }
    ChainId chain =
        parent.map(p -> p.child(blob.diffId())).orElseGet(() -> ChainId.of(List.of(blob.diffId())));
    commitSnapshot(chain);
    Descriptor descriptor =
        Descriptor.of(MediaType.parse(blob.mediaType()), blob.digest(), blob.size());
    return new StepOutcome(
        Optional.of(new StepOutcome.Layer(descriptor, blob.diffId())), Optional.of(chain), created);
  }

  private void commitSnapshot(ChainId chain) {
    try {
      snapshots.commit(chain.toString(), key);
      done = true;
    } catch (BerthException e) {
      if (e.kind() != ErrorKind.CONFLICT || snapshots.stat(chain.toString()).isEmpty()) {
        throw e;
      }
      close(); // the same layer was committed by an earlier or concurrent build
    }
  }

  private static void closeQuietly(ContentStore.Writer writer) {
    writer.close(); // an uncommitted writer leaves nothing behind
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
