package io.berth.metadata;

/** One transaction's view of the store, as typed repositories; valid only while it runs. */
public interface Tx {

  /** Tags and digest references, by full reference name. */
  References references();

  /** Images, by image ID (the config digest). */
  Images images();

  /** Containers, by ID and by unique name. */
  Containers containers();

  /** Named volumes. */
  Volumes volumes();

  /** Build cache records, by cache key. */
  BuildCache buildCache();

  /** Leases that keep resources from garbage collection. */
  Leases leases();
}
