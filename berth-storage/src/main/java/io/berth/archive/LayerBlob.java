package io.berth.archive;

import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import java.util.Objects;

/**
 * A layer as written: the digest and size of the (compressed) blob, the diff ID of the tar inside
 * it, and the blob's media type.
 */
public record LayerBlob(Digest digest, long size, DiffId diffId, String mediaType) {
  public LayerBlob {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(mediaType, "mediaType");
    if (size < 0) {
      throw new IllegalArgumentException("layer " + digest + ": negative size " + size);
    }
  }
}
