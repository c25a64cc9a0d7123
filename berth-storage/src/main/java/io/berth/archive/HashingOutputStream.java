package io.berth.archive;

import io.berth.oci.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * An output stream that hashes and counts what passes through it; closing does not close the sink.
 */
final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest hash = Digest.newMessageDigest(Digest.SHA256);
  private long count;

  HashingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    hash.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    hash.update(b, off, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  long count() {
    return count;
  }

  Digest digest() {
    return Digest.of(Digest.SHA256, hash.digest());
  }
}
