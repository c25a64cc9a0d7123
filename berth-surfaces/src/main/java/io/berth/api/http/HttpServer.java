package io.berth.api.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP/1.1 server on a unix domain socket, one virtual thread per connection. Started by {@link
 * #start}, stopped by {@link #close}, which also closes the open connections. Thread-safe.
 */
public final class HttpServer implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final HttpConnection connection;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private HttpServer(ServerSocketChannel listener, HttpHandler handler) {
    this.listener = listener;
    this.connection = new HttpConnection(handler);
    this.acceptor = Thread.ofVirtual().name("http-accept").unstarted(this::acceptLoop);
  }

  /** Binds a new unix socket at {@code socket}, which must not exist, and a listener on it. */
  public static ServerSocketChannel bind(Path socket) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** Serves {@code handler} on the bound {@code listener} until closed. */
  public static HttpServer start(ServerSocketChannel listener, HttpHandler handler) {
    HttpServer server = new HttpServer(listener, handler);
    server.acceptor.start();
    return server;
  }

  /** How many connections are open now. */
  public int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel channel = listener.accept();
        open.add(channel);
        Thread.ofVirtual().name("http-conn").start(() -> serve(channel));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // an accept that failed for one client (out of descriptors) must not stop the server
        Thread.onSpinWait();
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      connection.serve(
          new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024),
          new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024));
    } catch (IOException e) {
      // the client went away mid-exchange; nothing is left to answer
    } finally {
      open.remove(channel);
    }
  }

  /** Stops accepting and closes every open connection. */
  @Override
  public void close() throws IOException {
    listener.close();
    for (SocketChannel channel : open) {
      channel.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
