package io.berth.oci;

import java.util.Objects;

/** The digest of a layer's uncompressed tar, as listed in an image config's {@code rootfs}. */
public record DiffId(Digest digest) implements Comparable<DiffId> {

  public DiffId {
    Objects.requireNonNull(digest, "digest");
  }

  public static DiffId parse(String text) {
    return new DiffId(Digest.parse(text));
  }

  @Override
  public int compareTo(DiffId other) {
    return digest.compareTo(other.digest);
  }

  @Override
  public String toString() {
    return digest.toString();
  }
}
