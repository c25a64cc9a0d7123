package io.berth.content.lazy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of bytes from one writing thread to one reading thread: the writer ends it
 * with {@link #finish} or {@link #fail}, and the reader sees the end, or the failure thrown from
 * its read; a reader that closes early makes the writer's next write fail, so the writer stops. The
 * writer's side is used by one thread, the reader's by one other.
 */
final class BlobPipe {

  static final int CHUNK = 256 * 1024;
  private static final int CHUNKS = 8;

  /** What travels through the pipe: bytes, the end, or the writer's failure. */
  private sealed interface Part {}

  private record Bytes(byte[] bytes, int length) implements Part {}

  private record End() implements Part {}

  private record Failure(RuntimeException error) implements Part {}

  private final BlockingQueue<Part> parts = new ArrayBlockingQueue<>(CHUNKS);
  private volatile boolean readerClosed;

  private byte[] chunk = new byte[CHUNK];
  private int filled;
  private Bytes held;

  /**
   * The writing end. It holds back the last full chunk and the bytes after it until {@link
   * #finish}, so that a reader cannot have the whole blob before the writer has checked it; {@code
   * flush} and {@code close} do nothing.
   */
  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, CHUNK - filled);
          System.arraycopy(b, off, chunk, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == CHUNK) {
            hold(new Bytes(chunk, filled));
          }
        }
      }
    };
  }

  private void hold(Bytes bytes) throws IOException {
    if (held != null) {
      put(held);
    }
    held = bytes;
    chunk = new byte[CHUNK];
    filled = 0;
  }

  /** Ends the pipe after everything written. */
  void finish() throws IOException {
    hold(new Bytes(chunk, filled));
    put(held);
    put(new End());
  }

  /** Ends the pipe with {@code error}, which the reader's next read throws; held bytes are lost. */
  void fail(RuntimeException error) {
    held = null;
    try {
      put(new Failure(error));
    } catch (IOException closedOrInterrupted) {
      // the reader is gone: nobody is left to tell
    }
  }

  private void put(Part part) throws IOException {
    try {
      while (!parts.offer(part, 100, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the reader of the blob closed it before its end");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("writing a blob was interrupted");
    }
  }

  /** The reading end. */
  InputStream input() {
    return new InputStream() {
      private Bytes current = new Bytes(new byte[0], 0);
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (position == current.length()) {
          if (ended) {
            return -1;
          }
          next();
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
      }

      private void next() throws IOException {
        Part part;
        try {
          part = parts.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("reading a blob was interrupted");
        }
        switch (part) {
          case Bytes bytes -> {
            current = bytes;
            position = 0;
          }
          case End end -> ended = true;
          case Failure failure -> {
            ended = true;
            throw failure.error();
          }
        }
      }

      @Override
      public void close() {
        readerClosed = true;
        parts.clear();
        current = new Bytes(new byte[0], 0);
        position = 0;
        ended = true;
      }
    };
  }
}
