package io.berth.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A socket that answers every HTTP request with {@code 200} and an empty JSON object, for the AOT
 * training run alone: the commands then also take the paths of a daemon that answers (a connected
 * socket, a response read, a stream that ends), whose classes the cache would otherwise lack. It is
 * not a daemon and pretends to nothing else; closing it removes the socket.
 */
final class TrainingSocket implements AutoCloseable {
  private static final byte[] ANSWER =
      ("HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nServer: berth/training (linux)\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
          .getBytes(ISO_8859_1);

  private final Path directory;
  private final ServerSocketChannel server;

  private TrainingSocket(Path directory, ServerSocketChannel server) {
    this.directory = directory;
    this.server = server;
  }

  /** Listens on a socket in a new temporary directory and answers on a thread of its own. */
  static TrainingSocket open() throws IOException {
    Path directory = Files.createTempDirectory("berth-aot-training");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(directory.resolve("answer.sock")));
    TrainingSocket socket = new TrainingSocket(directory, server);
    Thread.ofPlatform().daemon().name("berth-training-socket").start(socket::serve);
    return socket;
  }

  /** The host for {@code BERTH_HOST}. */
  String host() {
    return "unix://" + directory.resolve("answer.sock");
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel channel = server.accept()) {
        skipRequest(Channels.newInputStream(channel));
        channel.write(ByteBuffer.wrap(ANSWER));
      } catch (IOException e) {
        // closed, or a client that hung up: the next one is answered all the same
      }
    }
  }

  /** Reads the request's head and, when it says how long, its body. */
  private static void skipRequest(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c != '\n') {
        line.write(c);
        continue;
      }
      String header = line.toString(ISO_8859_1).strip();
      line.reset();
      if (header.isEmpty()) {
        in.skipNBytes(length);
        return;
      }
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(header.substring("content-length:".length()).strip());
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(directory.resolve("answer.sock"));
    Files.deleteIfExists(directory);
  }
}
