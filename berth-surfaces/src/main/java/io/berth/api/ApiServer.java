package io.berth.api;

import io.berth.api.http.HttpServer;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker Engine API served on one or more bound unix sockets. Built by the daemon from the
 * route groups it wires; closed once at shutdown.
 */
public final class ApiServer implements AutoCloseable {
  private final List<HttpServer> servers;

  private ApiServer(List<HttpServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Serves {@code router} on each of {@code listeners}. */
  public static ApiServer start(Router router, List<ServerSocketChannel> listeners) {
    List<HttpServer> servers = new ArrayList<>();
    for (ServerSocketChannel listener : listeners) {
      servers.add(HttpServer.start(listener, router));
    }
    return new ApiServer(servers);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (HttpServer server : servers) {
      try {
        server.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
