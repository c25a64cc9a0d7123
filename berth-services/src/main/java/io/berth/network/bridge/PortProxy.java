package io.berth.network.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's userland proxy for one published port, as Docker's {@code docker-proxy}: it holds
 * the host port (so that no other program takes it while the container runs) and forwards what
 * reaches it — connections to the host's loopback and IPv6 addresses, which the DNAT rules do not
 * rewrite — to the container's address. Everything runs on virtual threads blocked only in NIO
 * socket and datagram channels, which release their carrier while they wait.
 */
abstract sealed class PortProxy implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;

  /** Starts forwarding from a bound TCP listener to {@code target}. */
  static PortProxy tcp(ServerSocketChannel listener, InetSocketAddress target) {
    return new Tcp(listener, target);
  }

  /** Starts forwarding datagrams from a bound UDP channel to {@code target}. */
  static PortProxy udp(DatagramChannel channel, InetSocketAddress target) {
    return new Udp(channel, target);
  }

  @Override
  public abstract void close();

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing what is already broken: nothing more to release.
    }
  }

  /** TCP: a connection to the container for each one accepted, bytes copied both ways. */
  static final class Tcp extends PortProxy {
    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    Tcp(ServerSocketChannel listener, InetSocketAddress target) {
      this.listener = listener;
      this.target = target;
      Thread.ofVirtual().name("berth-proxy-" + target.getPort()).start(this::accept);
    }

    private void accept() {
      while (listener.isOpen()) {
        try {
          SocketChannel client = listener.accept();
          Thread.ofVirtual().start(() -> serve(client));
        } catch (IOException e) {
          if (!listener.isOpen()) {
            return;
          }
        }
      }
    }

    private void serve(SocketChannel client) {
      open.add(client);
      SocketChannel upstream = null;
      try {
        upstream = SocketChannel.open();
        open.add(upstream);
        upstream.socket().connect(target, (int) Duration.ofSeconds(10).toMillis());
        SocketChannel up = upstream;
        Thread back = Thread.ofVirtual().start(() -> copy(up, client));
        copy(client, upstream);
        back.join();
      } catch (IOException e) {
        // The container refused or went away: the client sees its connection closed.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(client);
        open.remove(client);
        if (upstream != null) {
          closeQuietly(upstream);
          open.remove(upstream);
        }
      }
    }

    /** Copies until end of stream, then half-closes the other side. */
    private static void copy(SocketChannel from, SocketChannel to) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      try {
        while (from.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            to.write(buffer);
          }
          buffer.clear();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    @Override
    public void close() {
      closeQuietly(listener);
      open.forEach(PortProxy::closeQuietly);
    }
  }

  /**
   * UDP: one connected channel to the container per client address, its replies sent back from the
   * published port; a client silent for 90 seconds has its channel closed.
   */
  static final class Udp extends PortProxy {
    private static final Duration IDLE = Duration.ofSeconds(90);

    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();
    private final Thread sweeper;

    private static final class Session {
      final DatagramChannel upstream;
      volatile long used = System.nanoTime();

      Session(DatagramChannel upstream) {
        this.upstream = upstream;
      }
    }

    Udp(DatagramChannel channel, InetSocketAddress target) {
      this.channel = channel;
      this.target = target;
      Thread.ofVirtual().name("berth-proxy-udp-" + target.getPort()).start(this::receive);
      sweeper = Thread.ofVirtual().start(this::sweep);
    }

    private void receive() {
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      while (channel.isOpen()) {
        try {
          buffer.clear();
          SocketAddress from = channel.receive(buffer);
          buffer.flip();
          Session s = sessions.computeIfAbsent(from, this::open);
          if (s != null) {
            s.used = System.nanoTime();
            s.upstream.write(buffer);
          }
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException e) {
          // One datagram lost, as UDP may lose any.
        }
      }
    }

    private Session open(SocketAddress client) {
      try {
        DatagramChannel upstream = DatagramChannel.open();
        upstream.connect(target);
        Session s = new Session(upstream);
        Thread.ofVirtual().start(() -> reply(s, client));
        return s;
      } catch (IOException e) {
        return null;
      }
    }

    private void reply(Session s, SocketAddress client) {
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      try {
        while (s.upstream.isOpen()) {
          buffer.clear();
          s.upstream.read(buffer);
          buffer.flip();
          s.used = System.nanoTime();
          channel.send(buffer, client);
        }
      } catch (IOException e) {
        sessions.remove(client, s);
        closeQuietly(s.upstream);
      }
    }

    private void sweep() {
      while (channel.isOpen()) {
        try {
          Thread.sleep(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        sessions.forEach(
            (client, s) -> {
              if (now - s.used > IDLE.toNanos()) {
                sessions.remove(client, s);
                closeQuietly(s.upstream);
              }
            });
      }
    }

    @Override
    public void close() {
      closeQuietly(channel);
      sweeper.interrupt();
      sessions.values().forEach(s -> closeQuietly(s.upstream));
      sessions.clear();
    }
  }
}
