package io.berth.build;

import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import java.util.List;

/**
 * What a finished build made: the image ID and the tags now pointing at it, and how many of its
 * steps came from the cache.
 */
public record BuildResult(Digest imageId, List<ImageReference> tags, int steps, int cachedSteps) {

  public BuildResult {
    tags = List.copyOf(tags);
  }
}
