package io.berth.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store holds for {@code docker system df}: each image with how many containers use it,
 * the bytes of every blob, the containers with the bytes of their writable layers, the volumes, and
 * the build cache records.
 */
public record DiskUsage(
    List<ImageUsage> images,
    long layersSize,
    Map<String, Long> containerSizes,
    List<String> volumeNames,
    List<BuildCacheEntry> buildCache) {
  public DiskUsage {
    images = List.copyOf(images);
    containerSizes = Collections.unmodifiableMap(new LinkedHashMap<>(containerSizes));
    volumeNames = List.copyOf(volumeNames);
    buildCache = List.copyOf(buildCache);
  }

  /** The containers' IDs, in the order the store lists them. */
  public List<String> containerIds() {
    return List.copyOf(containerSizes.keySet());
  }

  /** An image and the number of containers made from it. */
  public record ImageUsage(Image image, int containers) {}
}
