package io.berth.image.local;

import io.berth.archive.AppliedLayer;
import io.berth.archive.LayerApplier;
import io.berth.archive.WhiteoutMode;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Unpacks an image's layers, bottom up, into committed snapshots named by chain ID: each layer is
 * applied once per chain, straight into the upper directory of a snapshot prepared over its parent
 * chain, its diff ID checked against the config, then committed; a concurrent unpacker that
 * committed the same chain first wins, and this one's work is dropped.
 */
final class Unpacker {
  private final ContentStore content;
  private final Snapshotter snapshots;

  Unpacker(ContentStore content, Snapshotter snapshots) {
    this.content = content;
    this.snapshots = snapshots;
  }

  Optional<ChainId> unpack(Image image, EventSink events) {
    List<DiffId> diffIds = image.config().rootfs().diffIds();
    Optional<ChainId> chain = Optional.empty();
    for (int i = 0; i < diffIds.size(); i++) {
      DiffId diffId = diffIds.get(i);
      ChainId next = chain.map(c -> c.child(diffId)).orElseGet(() -> ChainId.of(List.of(diffId)));
      if (snapshots.stat(next.toString()).isEmpty()) {
        Descriptor blob = image.manifest().layers().get(i);
        events.accept(new Event.Progress(blob.digest().shortHex(), "Extracting", 0, blob.size()));
        unpackLayer(image, i, blob, chain, next);
        events.accept(
            new Event.Progress(
                blob.digest().shortHex(), "Pull complete", blob.size(), blob.size()));
      }
      chain = Optional.of(next);
    }
    return chain;
  }

  private void unpackLayer(
      Image image, int index, Descriptor blob, Optional<ChainId> parent, ChainId name) {
    String key = "extract-" + UUID.randomUUID() + "-" + name.digest().hex();
    snapshots.prepare(key, parent.map(ChainId::toString), Map.of());
    boolean committed = false;
    try {
      Path upper =
          snapshots
              .upperDirectory(key)
              .orElseThrow(
                  () ->
                      BerthException.precondition(
                          "unpacking image %s: the snapshotter has no upper directory",
                          image.id().shortHex()));
      AppliedLayer applied = apply(blob, upper);
      DiffId expected = image.config().rootfs().diffIds().get(index);
      if (!applied.diffId().equals(expected)) {
        throw BerthException.invalid(
            "unpacking layer %d of image %s: blob %s has diff ID %s, but the config lists %s",
            index, image.id().shortHex(), blob.digest(), applied.diffId(), expected);
      }
      commit(name, key);
      committed = true;
    } finally {
      if (!committed) {
        removeQuietly(key);
      }
    }
  }

  private AppliedLayer apply(Descriptor blob, Path upper) {
    LayerApplier applier = new LayerApplier(LayerApplier.Options.of(WhiteoutMode.OVERLAY));
    try (InputStream in = content.open(blob.digest())) {
      return applier.apply(in, upper);
    } catch (IOException e) {
      throw BerthException.internal("reading layer " + blob.digest() + ": " + e.getMessage(), e);
    }
  }

  private void commit(ChainId name, String key) {
    try {
      snapshots.commit(name.toString(), key);
    } catch (BerthException e) {
      if (e.kind() != ErrorKind.CONFLICT || snapshots.stat(name.toString()).isEmpty()) {
        throw e;
      }
      removeQuietly(key); // another unpacker committed the same chain first
    }
  }

  private void removeQuietly(String key) {
    try {
      if (snapshots.stat(key).isPresent()) {
        snapshots.remove(key);
      }
    } catch (BerthException e) {
      // left for the snapshotter's own clean-up of orphans
    }
  }
}
