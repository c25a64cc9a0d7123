package io.berth.archive;

import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import java.util.Objects;

/**
 * A layer as written: the digest and size of the (compressed) blob, the diff ID of the tar inside
 * it, the blob's media type, and the content size of the layer as {@link TarContent} counts it.
 */
public record LayerBlob(
    Digest digest, long size, DiffId diffId, String mediaType, long contentSize) {
  public LayerBlob {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(mediaType, "mediaType");
    if (size < 0 || contentSize < 0) {
      throw new IllegalArgumentException(
          "layer " + digest + ": negative size " + size + " or content size " + contentSize);
    }
  }
}
