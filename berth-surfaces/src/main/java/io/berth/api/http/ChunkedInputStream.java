package io.berth.api.http;

import java.io.IOException;
import java.io.InputStream;

/** The body of a request sent with {@code Transfer-Encoding: chunked}, de-chunked. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      remaining = nextChunkSize();
      if (remaining == 0) {
        skipTrailers();
        done = true;
        return -1;
      }
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new IOException("connection closed inside a chunk of the request body");
    }
    remaining -= n;
    if (remaining == 0) {
      line();
    }
    return n;
  }

  private long nextChunkSize() throws IOException {
    String line = line();
    int semicolon = line.indexOf(';');
    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    try {
      long size = Long.parseLong(hex, 16);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size \"" + hex + "\" in the request body");
    }
  }

  private void skipTrailers() throws IOException {
    while (!line().isEmpty()) {
      // trailers carry nothing berth uses
    }
  }

  private String line() throws IOException {
    try {
      String line = RequestParser.readLine(in, 4096, 400, "chunked body");
      if (line == null) {
        throw new IOException("connection closed inside the chunked request body");
      }
      return line;
    } catch (BadRequestException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
