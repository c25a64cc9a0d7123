package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to a blob by media type, digest and size (descriptor.md), with the optional fields
 * the spec allows. Embedded {@code data} must have the descriptor's size and digest.
 */
public record Descriptor(
    MediaType mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    Optional<Platform> platform,
    Optional<MediaType> artifactType,
    Optional<byte[]> data) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(artifactType, "artifactType");
    Objects.requireNonNull(data, "data");
    if (size < 0) {
      throw BerthException.invalid("invalid descriptor %s: negative size %d", digest, size);
    }
    urls = List.copyOf(urls);
    annotations = Collections2.sortedCopy(annotations);
    data = data.map(byte[]::clone);
    data.ifPresent(bytes -> checkData(digest, size, bytes));
  }

  /** A descriptor with only the three required fields. */
  public static Descriptor of(MediaType mediaType, Digest digest, long size) {
    return new Descriptor(
        mediaType,
        digest,
        size,
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The descriptor of {@code bytes} (digest and size computed here). */
  public static Descriptor ofBytes(MediaType mediaType, byte[] bytes) {
    return of(mediaType, Digest.sha256(bytes), bytes.length);
  }

  /** This descriptor with {@code platform}, as an index entry carries it. */
  public Descriptor withPlatform(Platform value) {
    return new Descriptor(
        mediaType, digest, size, urls, annotations, Optional.of(value), artifactType, data);
  }

  /** This descriptor with {@code annotations} replacing its own. */
  public Descriptor withAnnotations(Map<String, String> value) {
    return new Descriptor(mediaType, digest, size, urls, value, platform, artifactType, data);
  }

  @Override
  public Optional<byte[]> data() {
    return data.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Descriptor d
        && mediaType.equals(d.mediaType)
        && digest.equals(d.digest)
        && size == d.size
        && urls.equals(d.urls)
        && annotations.equals(d.annotations)
        && platform.equals(d.platform)
        && artifactType.equals(d.artifactType)
        && data.isPresent() == d.data.isPresent()
        && (data.isEmpty() || Arrays.equals(data.get(), d.data.get()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(mediaType, digest, size, urls, annotations, platform, artifactType);
  }

  @Override
  public String toString() {
    return "Descriptor[" + mediaType + ", " + digest + ", " + size + "]";
  }

  private static void checkData(Digest digest, long size, byte[] bytes) {
    if (bytes.length != size) {
      throw BerthException.invalid(
          "invalid descriptor %s: embedded data has %d bytes, size says %d",
          digest, bytes.length, size);
    }
    var md = Digest.newMessageDigest(digest.algorithm());
    Digest actual = Digest.of(digest.algorithm(), md.digest(bytes));
    if (!actual.equals(digest)) {
      throw BerthException.invalid(
          "invalid descriptor %s: embedded data has digest %s", digest, actual);
    }
  }
}
