package io.berth.metadata;

import io.berth.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * An image in the local store: its ID (the config digest, as Docker shows it), the manifest it was
 * pulled or built as, that manifest's media type, when the image was created (from its config) and
 * the size of its unpacked layers in bytes.
 */
public record ImageRecord(
    Digest id, Digest manifestDigest, String mediaType, Instant created, long size) {

  public ImageRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(created, "created");
    if (size < 0) {
      throw new IllegalArgumentException("image " + id + " has a negative size " + size);
    }
  }
}
