package io.berth.build.engine;

import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a filesystem step left: the layer it made (none when it changed nothing, which the history
 * then records as an empty layer, as BuildKit's exporter does), the chain ID of the stack after it,
 * and when it was made.
 */
record StepOutcome(Optional<Layer> layer, Optional<ChainId> chain, Instant created) {

  /** A layer blob in the content store and its diff ID. */
  record Layer(Descriptor blob, DiffId diffId) {
    Layer {
      Objects.requireNonNull(blob, "blob");
      Objects.requireNonNull(diffId, "diffId");
    }
  }

  StepOutcome {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(created, "created");
  }
}
