package io.berth.image;

import java.util.List;

/**
 * What the store holds for {@code docker system df}: each image with how many containers use it,
 * the bytes of every blob, the containers and volumes, and the build cache records.
 */
public record DiskUsage(
    List<ImageUsage> images,
    long layersSize,
    List<String> containerIds,
    List<String> volumeNames,
    int buildCacheRecords) {
  public DiskUsage {
    images = List.copyOf(images);
    containerIds = List.copyOf(containerIds);
    volumeNames = List.copyOf(volumeNames);
  }

  /** An image and the number of containers made from it. */
  public record ImageUsage(Image image, int containers) {}
}
