package io.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response from the daemon: its status, headers and body stream; closing it closes the
 * connection. Read by one thread.
 */
public final class Response implements AutoCloseable {
  private final int status;
  private final Map<String, List<String>> headers;
  private final InputStream body;
  private final SocketChannel channel;

  Response(int status, Map<String, List<String>> headers, InputStream body, SocketChannel channel) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.channel = channel;
  }

  public int status() {
    return status;
  }

  /** The first value of header {@code name}, looked up without regard to case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** The body, de-chunked. */
  public InputStream body() {
    return body;
  }

  SocketChannel channel() {
    return channel;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
