package io.berth.image.local;

import io.berth.errors.BerthException;
import io.berth.image.BuildCacheEntry;
import io.berth.image.BuildCachePruneOptions;
import io.berth.metadata.BuildCacheRecord;
import io.berth.metadata.MetadataStore;
import io.berth.snapshot.Snapshotter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The build cache as {@code docker system df} and {@code docker builder prune} see it: the build
 * engine's step records, keyed by their cache key (a {@code sha256:} digest), with the size of the
 * layer snapshot each keeps. The engine's other records ({@code position:}, {@code lineage:},
 * {@code files:} — what steps saw last time, to explain a miss) are bookkeeping, not cache objects:
 * they are listed nowhere and go only with {@code prune --all}.
 */
final class BuildCacheRecords {
  /** The key prefix of step records: their cache key is a digest. */
  static final String STEP_PREFIX = "sha256:";

  private final MetadataStore metadata;
  private final Snapshotter snapshots;

  BuildCacheRecords(MetadataStore metadata, Snapshotter snapshots) {
    this.metadata = metadata;
    this.snapshots = snapshots;
  }

  /** Every step record; {@code imageChains} are the layer snapshots images use. */
  List<BuildCacheEntry> list(Set<String> imageChains) {
    List<BuildCacheRecord> records = metadata.read(tx -> tx.buildCache().list());
    List<BuildCacheEntry> entries = new ArrayList<>();
    for (BuildCacheRecord r : records) {
      if (!r.key().startsWith(STEP_PREFIX)) {
        continue;
      }
      Optional<String> snapshot = r.chainId().map(Object::toString);
      entries.add(
          new BuildCacheEntry(
              r.key(),
              snapshot,
              snapshot.map(this::size).orElse(0L),
              snapshot.isPresent() && imageChains.contains(snapshot.get()),
              r.created(),
              r.lastUsed()));
    }
    return entries;
  }

  /**
   * Deletes the records {@code options} selects and returns them (the engine's bookkeeping records
   * too when it selects everything); the caller removes the snapshots left unneeded.
   */
  List<BuildCacheEntry> delete(BuildCachePruneOptions options, Set<String> imageChains) {
    List<BuildCacheEntry> doomed = list(imageChains).stream().filter(options::selects).toList();
    metadata.write(
        tx -> {
          doomed.forEach(e -> tx.buildCache().delete(e.id()));
          if (options.everything()) {
            tx.buildCache().list().stream()
                .filter(r -> !r.key().startsWith(STEP_PREFIX))
                .forEach(r -> tx.buildCache().delete(r.key()));
          }
          return null;
        });
    return doomed;
  }

  private long size(String snapshot) {
    try {
      return snapshots.stat(snapshot).isPresent() ? snapshots.usage(snapshot).bytes() : 0;
    } catch (BerthException e) {
      return 0; // removed since the listing
    }
  }
}
