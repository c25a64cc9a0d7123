package io.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The build cache records of one transaction. */
public interface BuildCache {

  /** Creates or replaces the record under its key. */
  void put(BuildCacheRecord record);

  Optional<BuildCacheRecord> get(String key);

  /** Sets the last-used time of {@code key}; whether there was such a record. */
  boolean touch(String key, Instant lastUsed);

  /** Deletes the record; whether there was one. */
  boolean delete(String key);

  /** Every record, least recently used first. */
  List<BuildCacheRecord> list();

  /** Deletes every record last used before {@code cutoff}; how many. */
  int deleteUnusedSince(Instant cutoff);
}
