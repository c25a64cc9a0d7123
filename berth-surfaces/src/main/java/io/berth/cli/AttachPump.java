package io.berth.cli;

import io.berth.client.HijackedConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Moves bytes for an attached container or exec: stdin to the connection on its own thread, and the
 * connection's output to stdout and stderr (demultiplexed unless there is a TTY) until the daemon
 * ends it, which is when the process has exited.
 */
final class AttachPump {
  private AttachPump() {}

  static void run(HijackedConnection connection, Stdio stdio, boolean stdin, boolean tty)
      throws IOException {
    if (stdin) {
      Thread.ofPlatform().daemon().name("berth-stdin").start(() -> forward(stdio.in(), connection));
    } else {
      connection.closeOutput();
    }
    InputStream from = connection.input();
    OutputStream out = stdio.out();
    try {
      if (tty) {
        Demux.raw(from, out);
      } else {
        Demux.copy(from, out, stdio.err());
      }
    } catch (IOException e) {
      if (!isClosed(e)) {
        throw e;
      }
    } finally {
      out.flush();
      stdio.err().flush();
    }
  }

  private static void forward(InputStream in, HijackedConnection connection) {
    try {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        connection.output().write(buffer, 0, n);
        connection.output().flush();
      }
      connection.closeOutput();
    } catch (IOException e) {
      // the container went away while stdin was still open: nothing more to send
    }
  }

  private static boolean isClosed(IOException e) {
    return e instanceof java.nio.channels.ClosedChannelException
        || String.valueOf(e.getMessage()).contains("reset");
  }
}
