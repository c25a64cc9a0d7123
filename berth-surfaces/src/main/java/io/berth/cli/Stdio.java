package io.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams of a run as bytes, for the commands that move binary data (save, cp, logs)
 * or attach to a container; {@code own} says they are the process's own, so that terminal checks
 * mean something.
 */
record Stdio(InputStream in, OutputStream out, OutputStream err, boolean own) {

  /** The process's own streams. */
  static Stdio process() {
    return new Stdio(System.in, System.out, System.err, true);
  }

  /** Streams over writers, for runs in a test's JVM: no input, output decoded as UTF-8. */
  static Stdio over(PrintWriter out, PrintWriter err) {
    return new Stdio(
        InputStream.nullInputStream(), new WriterStream(out), new WriterStream(err), false);
  }

  /** Bytes written into a writer as UTF-8 text. */
  private static final class WriterStream extends OutputStream {
    private final PrintWriter writer;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      pending.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      pending.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      writer.write(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
      writer.flush();
    }
  }
}
