package io.berth.image;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.archive.Compression;
import io.berth.errors.BerthException;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/** Reading layer blobs as the tar inside them: decompression by magic number, diff ID, size. */
public final class LayerStreams {
  private static final int BUFFER = 64 * 1024;

  private LayerStreams() {}

  /** The diff ID and uncompressed size of a layer blob. */
  public record Measured(DiffId diffId, long size, Compression compression) {}

  /** The compression of {@code blob}, read from its first bytes without consuming them. */
  public static Compression detect(BufferedInputStream blob) throws IOException {
    blob.mark(8);
    byte[] head = new byte[6];
    int n = blob.readNBytes(head, 0, head.length);
    blob.reset();
    return Compression.detect(head, n);
  }

  /** The tar inside {@code blob}, decompressed according to its magic number. */
  public static InputStream uncompressed(InputStream blob) throws IOException {
    BufferedInputStream in = new BufferedInputStream(blob, BUFFER);
    return switch (detect(in)) {
      case GZIP -> new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
      case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), BUFFER);
      case NONE -> in;
    };
  }

  /**
   * Reads {@code blob} to its end and measures the tar inside it; {@code what} names the layer in
   * the INVALID_ARGUMENT error a corrupt stream gives.
   */
  public static Measured measure(InputStream blob, String what) {
    try (BufferedInputStream in = new BufferedInputStream(blob, BUFFER)) {
      Compression compression = detect(in);
      MessageDigest sha = Digest.newMessageDigest(Digest.SHA256);
      InputStream tar =
          switch (compression) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
          };
      long size;
      try (DigestInputStream hashing = new DigestInputStream(tar, sha)) {
        size = hashing.transferTo(OutputStream.nullOutputStream());
      }
      return new Measured(new DiffId(Digest.of(Digest.SHA256, sha.digest())), size, compression);
    } catch (IOException e) {
      throw BerthException.invalid("cannot read %s: %s", what, e.getMessage());
    }
  }
}
