package io.berth.build.engine;

import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import java.util.List;
import java.util.Optional;

/**
 * A finished stage: its config, its layer blobs, its chain ID, its last cache key, and the cache
 * key of each history entry (empty for a config-only step or one the build did not make).
 */
record StageResult(
    ImageConfig image,
    List<Descriptor> layers,
    Optional<ChainId> chain,
    String cacheKey,
    java.time.Instant lastCreated,
    List<String> historyKeys) {

  StageResult {
    layers = List.copyOf(layers);
    historyKeys = List.copyOf(historyKeys);
  }
}
