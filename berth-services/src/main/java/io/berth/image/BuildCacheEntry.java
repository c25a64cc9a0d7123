package io.berth.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One build cache record as {@code docker system df} lists it: the step's cache key, the layer
 * snapshot it keeps (if the step made a layer) with its size, and whether an image uses that layer
 * too ({@code shared}: pruning the record then frees nothing).
 */
public record BuildCacheEntry(
    String id,
    Optional<String> snapshot,
    long size,
    boolean shared,
    Instant created,
    Instant lastUsed) {
  public BuildCacheEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUsed, "lastUsed");
  }
}
