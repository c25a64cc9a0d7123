package io.berth.oci;

/** How a layer blob is compressed, as its media type says. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD
}
