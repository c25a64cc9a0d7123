package io.berth.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A response body sent with {@code Transfer-Encoding: chunked}: what is written is buffered and
 * {@link #flush()} sends it as one chunk, so a streamed message reaches the client at once.
 */
final class ChunkedOutputStream extends OutputStream {
  private static final int MAX_BUFFER = 32 * 1024;
  private final OutputStream out;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean closed;

  ChunkedOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    pending.write(b);
    flushIfFull();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    pending.write(bytes, offset, length);
    flushIfFull();
  }

  @Override
  public void flush() throws IOException {
    if (pending.size() > 0) {
      out.write((Integer.toHexString(pending.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      pending.writeTo(out);
      out.write(CRLF);
      pending.reset();
    }
    out.flush();
  }

  /** Sends what is pending and the last, empty chunk; the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      flush();
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  private void flushIfFull() throws IOException {
    if (pending.size() >= MAX_BUFFER) {
      flush();
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
