package io.berth.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which build cache records {@code docker builder prune} deletes: those no image shares a layer
 * with, or every one with {@code all}; of them, those last used before {@code until} when it is
 * given, and those {@code which} accepts when it is given (Docker's cache-field filters such as
 * {@code id} or {@code description}).
 */
public record BuildCachePruneOptions(
    boolean all, Optional<Instant> until, Optional<Predicate<BuildCacheEntry>> which) {

  public BuildCachePruneOptions {
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(which, "which");
  }

  /** Whether a record passes {@code all}, {@code until} and {@code which}. */
  public boolean selects(BuildCacheEntry e) {
    return (all || !e.shared())
        && until.map(u -> e.lastUsed().isBefore(u)).orElse(true)
        && which.map(w -> w.test(e)).orElse(true);
  }

  /** Whether this prune selects every record, so that the engine's bookkeeping goes too. */
  public boolean everything() {
    return all && until.isEmpty() && which.isEmpty();
  }
}
