package io.berth.build.engine;

import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import java.util.List;
import java.util.Optional;

/** A finished stage: its config, its layer blobs, its chain ID and its last cache key. */
record StageResult(
    ImageConfig image,
    List<Descriptor> layers,
    Optional<ChainId> chain,
    String cacheKey,
    java.time.Instant lastCreated) {

  StageResult {
    layers = List.copyOf(layers);
  }
}
