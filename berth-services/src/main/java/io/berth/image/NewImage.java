package io.berth.image;

import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * What a builder or an import hands the image service to store as a new image: the finished config
 * (its {@code rootfs.diff_ids} already listing every layer, bottom first) and the descriptors of
 * the layer blobs, already committed to the content store, in the same order.
 *
 * @param config the image config to write as the config blob
 * @param layers the layer blobs' descriptors, one per diff ID of {@code config}
 * @param tags the references to point at the new image; may be empty
 */
public record NewImage(ImageConfig config, List<Descriptor> layers, List<ImageReference> tags) {

  public NewImage {
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
    if (layers.size() != config.rootfs().diffIds().size()) {
      throw new IllegalArgumentException(
          "an image needs one layer blob per diff ID: "
              + layers.size()
              + " blobs for "
              + config.rootfs().diffIds().size()
              + " diff IDs");
    }
  }
}
