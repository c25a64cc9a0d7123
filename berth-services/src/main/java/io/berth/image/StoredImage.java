package io.berth.image;

import io.berth.oci.Descriptor;
import io.berth.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image whose manifest, config and layer blobs are already in the content store, ready to be
 * recorded with its tags (what a load produces).
 *
 * @param manifest the descriptor of the stored manifest blob
 * @param tags the references to point at it; may be empty
 * @param unpackedSize the bytes of its uncompressed layer tars
 */
public record StoredImage(Descriptor manifest, List<ImageReference> tags, long unpackedSize) {
  public StoredImage {
    Objects.requireNonNull(manifest, "manifest");
    tags = List.copyOf(tags);
    if (unpackedSize < 0) {
      throw new IllegalArgumentException("negative size " + unpackedSize);
    }
  }
}
