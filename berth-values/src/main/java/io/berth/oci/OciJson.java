package io.berth.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;

/**
 * The one way between the OCI model and its JSON bytes. Reading names the field path of any bad
 * value; writing gives canonical bytes (Go's field order, sorted maps, no whitespace), so the same
 * value always has the same digest.
 */
public final class OciJson {
  private OciJson() {}

  public static Manifest parseManifest(byte[] bytes) {
    JsonIn in = JsonIn.root("manifest", bytes).requireObject();
    return ManifestCodec.readManifest(in);
  }

  public static Index parseIndex(byte[] bytes) {
    JsonIn in = JsonIn.root("index", bytes).requireObject();
    return ManifestCodec.readIndex(in);
  }

  public static ImageConfig parseImageConfig(byte[] bytes) {
    return ConfigCodec.read(JsonIn.root("image config", bytes));
  }

  public static Descriptor parseDescriptor(byte[] bytes) {
    return ManifestCodec.readDescriptor(JsonIn.root("descriptor", bytes));
  }

  /** Reads an OCI layout's {@code oci-layout} file. */
  public static OciLayout parseOciLayout(byte[] bytes) {
    return ManifestCodec.readLayout(JsonIn.root("oci-layout", bytes).requireObject());
  }

  /** Reads the {@code manifest.json} of a {@code docker save} archive. */
  public static DockerArchiveManifest parseDockerArchiveManifest(byte[] bytes) {
    return ManifestCodec.readDockerArchive(JsonIn.root("manifest.json", bytes));
  }

  /**
   * Reads a manifest, an index or an image config, told apart by the {@code mediaType} field and,
   * when there is none, by shape: {@code manifests} for an index, {@code config} with {@code
   * layers} for a manifest, {@code rootfs} for a config.
   */
  public static OciDocument parseAny(byte[] bytes) {
    JsonIn in = JsonIn.root("document", bytes).requireObject();
    JsonNode node = in.node();
    if (in.has("mediaType")) {
      MediaType type = in.field("mediaType").as(MediaType::parse);
      if (type.isManifest()) {
        return parseManifest(bytes);
      }
      if (type.isIndex()) {
        return parseIndex(bytes);
      }
      if (type.isConfig()) {
        return parseImageConfig(bytes);
      }
      throw BerthException.invalid(
          "document: mediaType %s is not a manifest, an index or an image config", type);
    }
    if (node.has("manifests")) {
      return parseIndex(bytes);
    }
    if (node.has("config") && node.has("layers")) {
      return parseManifest(bytes);
    }
    if (node.has("rootfs")) {
      return parseImageConfig(bytes);
    }
    throw BerthException.invalid(
        "document: neither a manifest (config, layers), an index (manifests) nor an image config"
            + " (rootfs)");
  }

  public static byte[] bytes(Manifest manifest) {
    return JsonOut.bytes(ManifestCodec.writeManifest(manifest));
  }

  public static byte[] bytes(Index index) {
    return JsonOut.bytes(ManifestCodec.writeIndex(index));
  }

  public static byte[] bytes(ImageConfig config) {
    return JsonOut.bytes(ConfigCodec.write(config));
  }

  public static byte[] bytes(Descriptor descriptor) {
    return JsonOut.bytes(ManifestCodec.writeDescriptor(descriptor));
  }

  public static byte[] bytes(OciLayout layout) {
    return JsonOut.bytes(ManifestCodec.writeLayout(layout));
  }

  public static byte[] bytes(DockerArchiveManifest archive) {
    return JsonOut.bytes(ManifestCodec.writeDockerArchive(archive));
  }

  /** The bytes of any document; for a manifest, index or config as their own methods. */
  public static byte[] bytes(OciDocument document) {
    return switch (document) {
      case Manifest m -> bytes(m);
      case Index i -> bytes(i);
      case ImageConfig c -> bytes(c);
    };
  }

  /** The descriptor of {@code document} as written by {@link #bytes(OciDocument)}. */
  public static Descriptor descriptor(OciDocument document) {
    MediaType type =
        switch (document) {
          case Manifest m -> m.mediaType();
          case Index i -> i.mediaType();
          case ImageConfig c -> MediaType.OCI_CONFIG;
        };
    return Descriptor.ofBytes(type, bytes(document));
  }
}
