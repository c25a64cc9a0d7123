package io.berth.api.http;

import java.io.IOException;
import java.io.InputStream;

/** The body of a request with a {@code Content-Length}: exactly that many bytes, then EOF. */
final class BoundedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long length) {
    this.in = in;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      throw new IOException("connection closed with " + remaining + " body bytes still expected");
    }
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new IOException("connection closed with " + remaining + " body bytes still expected");
    }
    remaining -= n;
    return n;
  }
}
