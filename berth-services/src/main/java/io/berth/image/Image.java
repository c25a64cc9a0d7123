package io.berth.image;

import io.berth.oci.ChainId;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.Manifest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image in the local store: its ID (the config digest, as Docker's image IDs are), the manifest
 * that names its config and layers, the parsed config, and the references that point at it.
 *
 * @param id the image ID: the digest of the config blob
 * @param manifestDigest the digest of the stored manifest blob
 * @param manifest the manifest, whose layers are the compressed or plain layer blobs
 * @param config the image config, whose {@code rootfs.diff_ids} are the uncompressed layers
 * @param references the tags and digests that point at it; empty for a dangling image
 * @param created when the image was made, from its config, or when it was stored
 * @param size the unpacked size of its layers in bytes, as {@code docker images} shows it
 * @param lastTagTime when a tag was last pointed at it; empty when it has no tag
 */
public record Image(
    Digest id,
    Digest manifestDigest,
    Manifest manifest,
    ImageConfig config,
    List<ImageReference> references,
    Instant created,
    long size,
    Optional<Instant> lastTagTime) {

  /** An image whose tag time is not known. */
  public Image(
      Digest id,
      Digest manifestDigest,
      Manifest manifest,
      ImageConfig config,
      List<ImageReference> references,
      Instant created,
      long size) {
    this(id, manifestDigest, manifest, config, references, created, size, Optional.empty());
  }

  public Image {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(config, "config");
    references = List.copyOf(references);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastTagTime, "lastTagTime");
  }

  /**
   * The chain ID of the whole layer stack — the name of the committed snapshot a container or a
   * build step mounts as its parent — or empty for an image with no layers.
   */
  public Optional<ChainId> chainId() {
    var diffIds = config.rootfs().diffIds();
    return diffIds.isEmpty() ? Optional.empty() : Optional.of(ChainId.of(diffIds));
  }
}
