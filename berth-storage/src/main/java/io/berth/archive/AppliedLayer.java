package io.berth.archive;

import io.berth.oci.DiffId;
import java.util.Objects;

/**
 * A layer applied onto a directory: the diff ID of the tar as it was read, to check against the
 * image config, and the bytes of regular-file content it unpacked.
 */
public record AppliedLayer(DiffId diffId, long unpackedSize) {
  public AppliedLayer {
    Objects.requireNonNull(diffId, "diffId");
  }
}
