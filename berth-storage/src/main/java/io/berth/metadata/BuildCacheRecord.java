package io.berth.metadata;

import io.berth.errors.BerthException;
import io.berth.oci.ChainId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One build step's cached result: the cache key the build engine computed, the chain ID of the
 * layers it produced (none for a step that adds no layer), the rest of the result as JSON text
 * whose shape the build engine owns, and when it was made and last used.
 */
public record BuildCacheRecord(
    String key, Optional<ChainId> chainId, String result, Instant created, Instant lastUsed) {

  public BuildCacheRecord {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUsed, "lastUsed");
    if (key == null || key.isBlank()) {
      throw BerthException.invalid("a build cache record needs a key");
    }
  }
}
