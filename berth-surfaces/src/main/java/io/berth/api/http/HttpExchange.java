package io.berth.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One request and its response on a connection. A handler answers exactly once: with a fixed-length
 * body, a chunked stream, or by hijacking the connection. Not thread-safe: it belongs to the
 * connection's thread, except for the streams it hands out.
 */
public final class HttpExchange {
  private final HttpRequest request;
  private final InputStream connectionIn;
  private final OutputStream connectionOut;
  private final InputStream body;
  private final Headers responseHeaders = new Headers();
  private int status;
  private boolean reusable;
  private boolean hijacked;

  HttpExchange(HttpRequest request, InputStream in, OutputStream out) throws IOException {
    this.request = request;
    this.connectionIn = in;
    this.connectionOut = out;
    this.body = bodyOf(request, in);
    this.reusable = request.keepAlive();
  }

  public HttpRequest request() {
    return request;
  }

  /** The request body, de-chunked; empty when the request has none. */
  public InputStream body() {
    return body;
  }

  /** Headers sent with whichever response follows; set them before answering. */
  public Headers responseHeaders() {
    return responseHeaders;
  }

  /** Whether a response has been started. */
  public boolean committed() {
    return status != 0;
  }

  /** The status sent, or empty while none has been. */
  public Optional<Integer> status() {
    return status == 0 ? Optional.empty() : Optional.of(status);
  }

  /** Sends {@code content} with a {@code Content-Length}; a HEAD request gets the head only. */
  public void respond(int status, String contentType, byte[] content) throws IOException {
    if (contentType != null) {
      responseHeaders.set("Content-Type", contentType);
    }
    responseHeaders.set("Content-Length", Integer.toString(content.length));
    writeHead(status);
    if (!request.method().equals("HEAD") && status != 204 && status != 304) {
      connectionOut.write(content);
    }
    connectionOut.flush();
  }

  /**
   * Starts a chunked response; each {@code flush()} of the returned stream sends what was written
   * as one chunk, and {@code close()} ends the body (the connection stays open for the next
   * request).
   */
  public OutputStream stream(int status, String contentType) throws IOException {
    responseHeaders.set("Content-Type", contentType);
    responseHeaders.set("Transfer-Encoding", "chunked");
    writeHead(status);
    connectionOut.flush();
    return new ChunkedOutputStream(connectionOut);
  }

  /**
   * Takes the connection over for raw bytes both ways, as Docker's attach and exec do: {@code 101
   * UPGRADED} when the client sent {@code Upgrade: tcp}, else {@code 200 OK} and the connection
   * closes when the handler returns.
   */
  public Hijacked hijack(String contentType) throws IOException {
    responseHeaders.set("Content-Type", contentType);
    boolean upgrade = request.headers().hasToken("Connection", "Upgrade");
    if (upgrade) {
      responseHeaders.set("Connection", "Upgrade");
      responseHeaders.set("Upgrade", "tcp");
    }
    hijacked = true;
    reusable = false;
    writeHead(upgrade ? 101 : 200);
    connectionOut.flush();
    return new Hijacked(connectionIn, connectionOut);
  }

  /**
   * Calls {@code onClose} when the client closes its side, for a stream that would otherwise only
   * notice on its next write; the connection is not reused after this exchange, which the
   * response's head says, so this must come before it and after the request body was read.
   */
  public void watchForPeerClose(Runnable onClose) {
    if (committed()) {
      // the head went out without "Connection: close", so the client would reuse the connection
      throw new IllegalStateException(
          "watching for the client's hang-up after the response to "
              + request.method()
              + " "
              + request.path()
              + " started");
    }
    reusable = false;
    Thread.ofVirtual()
        .name("peer-close-watch")
        .start(
            () -> {
              try {
                while (connectionIn.read() >= 0) {
                  // a client that streams events sends nothing more; drain until it closes
                }
              } catch (IOException e) {
                // a reset or a closed socket means the same as an orderly close here
              }
              onClose.run();
            });
  }

  /**
   * Cuts a streamed response short: the connection closes once the handler returns, without the
   * body's last chunk, so that the client sees an error rather than a body that merely ends early.
   */
  public void abort() {
    reusable = false;
  }

  boolean reusable() {
    return reusable && !hijacked;
  }

  boolean hijacked() {
    return hijacked;
  }

  /** Reads and drops what the handler left of the body, so the next request can be parsed. */
  void finishBody() throws IOException {
    if (reusable()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
  }

  private void writeHead(int status) throws IOException {
    if (this.status != 0) {
      throw new IllegalStateException(
          "response to " + request.method() + " " + request.path() + " already started");
    }
    this.status = status;
    if (!reusable && !hijacked) {
      responseHeaders.set("Connection", "close");
    }
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ")
        .append(status)
        .append(' ')
        .append(HttpStatus.reason(status))
        .append("\r\n");
    for (String line : responseHeaders.lines()) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");
    connectionOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static InputStream bodyOf(HttpRequest request, InputStream in) throws IOException {
    Headers headers = request.headers();
    if (headers.hasToken("Transfer-Encoding", "chunked")) {
      return new ChunkedInputStream(in);
    }
    Optional<String> length = headers.first("Content-Length");
    if (length.isEmpty()) {
      return InputStream.nullInputStream();
    }
    try {
      long n = Long.parseLong(length.get().trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return new BoundedInputStream(in, n);
    } catch (NumberFormatException e) {
      throw new IOException("malformed Content-Length \"" + length.get() + "\"");
    }
  }
}
