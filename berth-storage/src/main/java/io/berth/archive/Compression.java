package io.berth.archive;

import io.berth.errors.BerthException;

/** How a layer tar is compressed, with the OCI media type of a layer so compressed. */
public enum Compression {
  NONE("application/vnd.oci.image.layer.v1.tar"),
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

  private final String mediaType;

  Compression(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The OCI media type of a layer tar with this compression. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The compression whose magic number starts {@code head} (at least the first 6 bytes of a stream,
   * fewer only if the stream is shorter); plain tar when none matches.
   */
  public static Compression detect(byte[] head, int length) {
    if (startsWith(head, length, 0x1f, 0x8b)) {
      return GZIP;
    }
    if (startsWith(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ZSTD;
    }
    if (startsWith(head, length, 'B', 'Z', 'h')) {
      throw BerthException.notImplemented("bzip2-compressed layers");
    }
    if (startsWith(head, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      throw BerthException.notImplemented("xz-compressed layers");
    }
    return NONE;
  }

  private static boolean startsWith(byte[] head, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
