package io.berth.api;

import java.io.IOException;
import java.io.OutputStream;

/** A streamed response of JSON messages, each flushed to the client as one chunk. */
public final class JsonStream implements AutoCloseable {
  private final OutputStream out;

  JsonStream(OutputStream out) {
    this.out = out;
  }

  /** Sends {@code message} as one line of JSON, at once. */
  public synchronized void send(Object message) throws IOException {
    out.write(Json.MAPPER.writeValueAsBytes(message));
    out.write('\n');
    out.flush();
  }

  /** Ends the stream; the connection may serve the next request. */
  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
