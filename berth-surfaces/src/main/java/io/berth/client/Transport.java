package io.berth.client;

import io.berth.errors.BerthException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over the daemon's unix socket: one connection per request. Thread-safe. */
final class Transport {
  private final DockerHost host;

  Transport(DockerHost host) {
    this.host = host;
  }

  DockerHost host() {
    return host;
  }

  /** Sends a request whose body is {@code body} (may be empty) and reads the response head. */
  Response send(String method, String target, String contentType, byte[] body, boolean upgrade)
      throws IOException {
    return send(method, target, contentType, body, upgrade, Map.of());
  }

  /** {@link #send} with {@code extra} headers, such as {@code X-Registry-Auth}. */
  Response send(
      String method,
      String target,
      String contentType,
      byte[] body,
      boolean upgrade,
      Map<String, String> extra)
      throws IOException {
    SocketChannel channel = connect();
    try {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
      List<String> headers = new ArrayList<>();
      if (contentType != null) {
        headers.add("Content-Type: " + contentType);
      }
      headers.add("Content-Length: " + body.length);
      extra.forEach((name, value) -> headers.add(name + ": " + value));
      if (upgrade) {
        headers.add("Connection: Upgrade");
        headers.add("Upgrade: tcp");
      }
      writeHead(out, method, target, headers);
      out.write(body);
      out.flush();
      return readResponse(channel, method);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sends a request whose body streams from {@code body} in chunks, for uploads. */
  Response upload(String method, String target, String contentType, InputStream body)
      throws IOException {
    SocketChannel channel = connect();
    try {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      writeHead(
          out,
          method,
          target,
          List.of("Content-Type: " + contentType, "Transfer-Encoding: chunked"));
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = body.read(buffer)) > 0) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buffer, 0, n);
        out.write(CRLF);
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readResponse(channel, method);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The request target: {@code prefix + path}, with {@code query} encoded. */
  static String target(String prefix, String path, Map<String, String> query) {
    StringBuilder target = new StringBuilder(prefix).append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      target
          .append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return target.toString();
  }

  private SocketChannel connect() {
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(host.socket()));
        return channel;
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new BerthException(
          io.berth.errors.ErrorKind.UNAVAILABLE,
          "Cannot connect to the berth daemon at " + host.uri() + ". Is the berth daemon running?",
          e);
    }
  }

  private static void writeHead(
      OutputStream out, String method, String target, List<String> headers) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: berth\r\n");
    head.append("User-Agent: berth-cli\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Response readResponse(SocketChannel channel, String method) throws IOException {
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
    String statusLine = ChunkedBody.line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("the daemon sent a malformed status line \"" + statusLine + "\"");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("the daemon sent a malformed status line \"" + statusLine + "\"");
    }
    Map<String, List<String>> headers = new HashMap<>();
    for (String line = ChunkedBody.line(in); !line.isEmpty(); line = ChunkedBody.line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    return new Response(status, headers, body(in, status, method, headers), channel);
  }

  private static InputStream body(
      InputStream in, int status, String method, Map<String, List<String>> headers) {
    if (status == 101 || status == 204 || status == 304 || method.equals("HEAD")) {
      return status == 101 ? in : InputStream.nullInputStream();
    }
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    if (encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
      return new ChunkedBody(in);
    }
    List<String> length = headers.get("content-length");
    if (length != null && !length.isEmpty()) {
      long n = Long.parseLong(length.getFirst().trim());
      return new LimitedBody(in, n);
    }
    return in;
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /** A body of known length. */
  private static final class LimitedBody extends InputStream {
    private final InputStream in;
    private long remaining;

    LimitedBody(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
