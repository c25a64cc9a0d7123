package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A media type ({@code type/subtype[+suffix]}, RFC 6838) naming what a blob is: the OCI image
 * spec's types (media-types.md) and Docker's image manifest v2 schema 2 types.
 */
public record MediaType(String value) {

  private static final String RESTRICTED_NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
  private static final Pattern SYNTAX = Pattern.compile(RESTRICTED_NAME + "/" + RESTRICTED_NAME);

  public static final MediaType OCI_MANIFEST =
      new MediaType("application/vnd.oci.image.manifest.v1+json");
  public static final MediaType OCI_INDEX =
      new MediaType("application/vnd.oci.image.index.v1+json");
  public static final MediaType OCI_CONFIG =
      new MediaType("application/vnd.oci.image.config.v1+json");
  public static final MediaType OCI_LAYOUT_HEADER =
      new MediaType("application/vnd.oci.layout.header.v1+json");
  public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");
  public static final MediaType OCI_LAYER_TAR =
      new MediaType("application/vnd.oci.image.layer.v1.tar");
  public static final MediaType OCI_LAYER_TAR_GZIP =
      new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
  public static final MediaType OCI_LAYER_TAR_ZSTD =
      new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE_TAR =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
  public static final MediaType OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD =
      new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  public static final MediaType DOCKER_MANIFEST =
      new MediaType("application/vnd.docker.distribution.manifest.v2+json");
  public static final MediaType DOCKER_MANIFEST_LIST =
      new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
  public static final MediaType DOCKER_CONFIG =
      new MediaType("application/vnd.docker.container.image.v1+json");
  public static final MediaType DOCKER_LAYER_TAR_GZIP =
      new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
  public static final MediaType DOCKER_LAYER_FOREIGN_TAR_GZIP =
      new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

  /** Docker writes this for uncompressed layers in some paths (e.g. {@code docker save}). */
  public static final MediaType DOCKER_LAYER_TAR =
      new MediaType("application/vnd.docker.image.rootfs.diff.tar");

  public MediaType {
    Objects.requireNonNull(value, "media type");
    if (!SYNTAX.matcher(value).matches()) {
      throw BerthException.invalid(
          "invalid media type \"%s\": expected type/subtype as in RFC 6838", value);
    }
  }

  /** Parses a media type; parameters such as {@code ;charset=utf-8} are not accepted. */
  public static MediaType parse(String text) {
    return new MediaType(text);
  }

  /** Whether this names a single-platform image manifest (OCI or Docker schema 2). */
  public boolean isManifest() {
    return equals(OCI_MANIFEST) || equals(DOCKER_MANIFEST);
  }

  /** Whether this names a list of manifests (OCI index or Docker manifest list). */
  public boolean isIndex() {
    return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
  }

  /** Whether this names an image config (OCI or Docker). */
  public boolean isConfig() {
    return equals(OCI_CONFIG) || equals(DOCKER_CONFIG);
  }

  /** Whether this names a layer tar, compressed or not, distributable or not. */
  public boolean isLayer() {
    return value.startsWith("application/vnd.oci.image.layer.")
        || value.startsWith("application/vnd.docker.image.rootfs.");
  }

  /** Whether this names a layer that registries may refuse to host (foreign / nondistributable). */
  public boolean isNonDistributable() {
    return value.startsWith("application/vnd.oci.image.layer.nondistributable.")
        || value.startsWith("application/vnd.docker.image.rootfs.foreign.");
  }

  /** The compression of a layer type; empty when this is not a layer type or is not known. */
  public Optional<Compression> compression() {
    if (!isLayer()) {
      return Optional.empty();
    }
    if (value.endsWith("+gzip") || value.endsWith(".tar.gzip")) {
      return Optional.of(Compression.GZIP);
    }
    if (value.endsWith("+zstd")) {
      return Optional.of(Compression.ZSTD);
    }
    if (value.endsWith(".tar")) {
      return Optional.of(Compression.NONE);
    }
    return Optional.empty();
  }

  /** The OCI layer type for a distributable layer tar compressed with {@code compression}. */
  public static MediaType ociLayer(Compression compression) {
    return switch (compression) {
      case NONE -> OCI_LAYER_TAR;
      case GZIP -> OCI_LAYER_TAR_GZIP;
      case ZSTD -> OCI_LAYER_TAR_ZSTD;
    };
  }

  @Override
  public String toString() {
    return value;
  }
}
