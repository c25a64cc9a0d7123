package io.berth.snapshot;

import io.berth.mount.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Unpacked layer chains and the writable layers over them, in containerd's snapshot model.
 *
 * <p>A snapshot is named by a key. {@link #prepare} makes an <em>active</em> snapshot, writable,
 * over an optional <em>committed</em> parent; one fills it (unpacks a layer into it, or runs a
 * container on it) through the mounts it returns, then {@link #commit} turns it into a committed
 * snapshot under a new name (for a layer chain, its chain ID) and the active key is gone. A
 * committed snapshot never changes and can be the parent of others; {@link #view} makes a read-only
 * snapshot over one. Image layers are the chain of committed snapshots, a container's root
 * filesystem an active snapshot on top.
 *
 * <p>Lifecycle: an implementation is opened on a directory it owns, recovers from a crash there
 * (every change is all-or-nothing: after a crash each snapshot is as it was before the call or as
 * the call left it) and is closed once. Thread-safety: every method may be called from any thread
 * concurrently; two unpackers of the same layer each prepare under their own key, both unpack, and
 * the second {@link #commit} under the same name fails with CONFLICT, which the caller treats as
 * "already there" and answers by removing its own active snapshot.
 *
 * <p>Errors are {@link io.berth.errors.BerthException}s: NOT_FOUND for an unknown key or parent,
 * CONFLICT for a key in use or a snapshot still a parent, FAILED_PRECONDITION for an operation the
 * snapshot's kind does not allow (committing a view, a parent that is not committed).
 */
public interface Snapshotter extends AutoCloseable {

  /**
   * Makes an active, writable snapshot {@code key} over the committed chain ending at {@code
   * parent} (none: an empty filesystem) and returns how to mount it.
   */
  List<Mount> prepare(String key, Optional<String> parent, Map<String, String> labels);

  /** Makes a read-only snapshot {@code key} of the committed chain ending at {@code parent}. */
  List<Mount> view(String key, Optional<String> parent, Map<String, String> labels);

  /** The mounts of the active or view snapshot {@code key}, the same that prepare or view gave. */
  List<Mount> mounts(String key);

  /**
   * Turns the active snapshot {@code key} into the committed snapshot {@code name}; the key is
   * released. Fails with CONFLICT, leaving {@code key} active, when {@code name} already exists.
   */
  default void commit(String name, String key) {
    commit(name, key, Map.of());
  }

  /**
   * As {@link #commit(String, String)}, adding {@code labels} to the snapshot's own in the same
   * all-or-nothing change (a label given at prepare with the same name is replaced).
   */
  void commit(String name, String key, Map<String, String> labels);

  /**
   * Writes the files of snapshot {@code key}'s own layer to disk and returns once they are there,
   * so that a power cut after it loses none of them; not needed for a snapshot that can be made
   * again from a blob. Runs without holding up the snapshotter's other calls.
   */
  void sync(String key);

  /**
   * Deletes snapshot {@code key} and its files; CONFLICT when another snapshot has it as parent.
   */
  void remove(String key);

  /** The snapshot {@code key}, if there is one. */
  Optional<Info> stat(String key);

  /** Every snapshot, in no particular order. */
  List<Info> list();

  /** The disk space snapshot {@code key}'s own layer takes (not its parents'). */
  Usage usage(String key);

  /**
   * The directory that holds only active snapshot {@code key}'s changes, in the overlay whiteout
   * format (a deleted file is a 0:0 character device, a replaced directory has the xattr {@code
   * trusted.overlay.opaque=y}), so a layer can be applied straight into it and a container's diff
   * read straight from it without mounting; empty when the implementation has no such directory or
   * the snapshot is not active.
   */
  Optional<Path> upperDirectory(String key);

  /**
   * The directory that holds only committed snapshot {@code key}'s own layer, in the overlay
   * whiteout format of {@link #upperDirectory}: to be read (a layer tar written again from it),
   * never written, as it is a lower directory of every snapshot over it; empty when the
   * implementation has no such directory or the snapshot is not committed.
   */
  Optional<Path> layerDirectory(String key);

  /** Releases the snapshotter's resources; the files stay. */
  @Override
  void close();
}
