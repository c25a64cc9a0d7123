package io.berth.image;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.archive.Compression;
import io.berth.archive.TarContent;
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
  /**
   * A layer measured: its diff ID, the bytes of its tar, its compression, and its content size as
   * Docker reports an image's size: the bytes of its regular files (a hard link counted once) and
   * the lengths of its symbolic links' targets, what the unpacked layer holds on disk.
   */
  public record Measured(DiffId diffId, long size, Compression compression, long contentSize) {}

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
      CountingInputStream counted = new CountingInputStream(new DigestInputStream(tar, sha));
      long content = TarContent.size(counted);
      counted.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks
      return new Measured(
          new DiffId(Digest.of(Digest.SHA256, sha.digest())),
          counted.count(),
          compression,
          content);
    } catch (IOException e) {
      throw BerthException.invalid("cannot read %s: %s", what, e.getMessage());
    } catch (BerthException e) {
      throw new BerthException(e.kind(), "cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /** Counts the bytes read through it; skipping reads them. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    /** Skips by reading, so that the digest below sees every byte. */
    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
      long skipped = 0;
      while (skipped < n) {
        int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }
}
