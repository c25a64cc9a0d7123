package io.berth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A response body sent in chunks, de-chunked. */
final class ChunkedBody extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedBody(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      try {
        remaining =
            Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("the daemon sent a malformed chunk size \"" + size + "\"");
      }
      if (remaining == 0) {
        while (!line(in).isEmpty()) {
          // trailers: none that berth reads
        }
        done = true;
        return -1;
      }
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new IOException("the daemon closed the connection inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      line(in);
    }
    return n;
  }

  /** A CRLF-terminated line of the response head or of the chunk framing. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the daemon closed the connection inside a response");
      }
      if (bytes.size() > 64 * 1024) {
        throw new IOException("the daemon sent a response line over 64 KiB");
      }
      bytes.write(b);
    }
    String text = bytes.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
