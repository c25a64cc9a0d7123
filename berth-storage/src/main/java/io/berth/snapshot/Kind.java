package io.berth.snapshot;

/** The state of a snapshot in containerd's model. */
public enum Kind {
  /**
   * Writable, made by {@link Snapshotter#prepare}; becomes committed by {@link Snapshotter#commit}.
   */
  ACTIVE,
  /** Read-only, made by {@link Snapshotter#view}; can only be removed. */
  VIEW,
  /** Immutable, a possible parent of other snapshots. */
  COMMITTED
}
