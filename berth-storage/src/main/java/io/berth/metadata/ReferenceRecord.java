package io.berth.metadata;

import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A name that points at an image: {@code name} is the full, normalised reference ({@code
 * docker.io/library/mon_image:1.0} or {@code …@sha256:…}), {@code target} the manifest (or index)
 * it names with its media type, {@code imageId} the config digest of that image.
 */
public record ReferenceRecord(
    String name, Digest target, String mediaType, Digest imageId, Instant created) {

  public ReferenceRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(created, "created");
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("a reference record needs a name");
    }
  }
}
