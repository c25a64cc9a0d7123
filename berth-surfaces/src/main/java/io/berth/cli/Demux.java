package io.berth.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Splits Docker's multiplexed stream — frames of an 8-byte header (stream 0 stdin, 1 stdout, 2
 * stderr; three zero bytes; big-endian length) and their payload — onto stdout and stderr, as a
 * container without a TTY sends its output on attach, logs and exec.
 */
final class Demux {
  private Demux() {}

  /** Copies every frame to its stream until the input ends; returns the payload bytes copied. */
  static long copy(InputStream in, OutputStream out, OutputStream err) throws IOException {
    byte[] header = new byte[8];
    byte[] buffer = new byte[32 * 1024];
    long total = 0;
    while (true) {
      int got = in.readNBytes(header, 0, 8);
      if (got == 0) {
        return total;
      }
      if (got < 8) {
        throw new EOFException("the stream ended inside a frame header (" + got + " of 8 bytes)");
      }
      int stream = header[0];
      long length =
          ((header[4] & 0xffL) << 24)
              | ((header[5] & 0xffL) << 16)
              | ((header[6] & 0xffL) << 8)
              | (header[7] & 0xffL);
      OutputStream target =
          switch (stream) {
            case 0, 1 -> out;
            case 2 -> err;
            case 3 -> err; // the daemon's own error on a stream (systemerr)
            default ->
                throw new IOException(
                    "unknown stream " + stream + " in a multiplexed frame header");
          };
      long remaining = length;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new EOFException("the stream ended inside a frame of " + length + " bytes");
        }
        target.write(buffer, 0, n);
        remaining -= n;
      }
      target.flush();
      total += length;
    }
  }

  /** Copies a raw (TTY) stream to {@code out} until it ends. */
  static long raw(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[32 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      out.flush();
      total += n;
    }
    return total;
  }

  /** One frame's header, for tests and for writing frames. */
  static byte[] header(int stream, int length) {
    return new byte[] {
      (byte) stream,
      0,
      0,
      0,
      (byte) (length >>> 24),
      (byte) (length >>> 16),
      (byte) (length >>> 8),
      (byte) length
    };
  }
}
