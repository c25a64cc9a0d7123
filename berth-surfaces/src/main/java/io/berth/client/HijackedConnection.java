package io.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/** A connection the daemon upgraded to raw bytes both ways, for attach and exec. */
public final class HijackedConnection implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream input;
  private final OutputStream output;

  HijackedConnection(SocketChannel channel, InputStream input, OutputStream output) {
    this.channel = channel;
    this.input = input;
    this.output = output;
  }

  /** What the container writes (multiplexed, unless it has a TTY). */
  public InputStream input() {
    return input;
  }

  /** What goes to the container's stdin. */
  public OutputStream output() {
    return output;
  }

  /** Signals the end of stdin while still reading the output. */
  public void closeOutput() throws IOException {
    output.flush();
    channel.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
