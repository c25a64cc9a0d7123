package io.berth.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves the requests of one connection in turn (keep-alive) until the client closes it, a response
 * ends it, or a request is malformed. It works on any pair of streams, so tests drive it with bytes
 * in memory.
 */
public final class HttpConnection {
  private final HttpHandler handler;

  public HttpConnection(HttpHandler handler) {
    this.handler = handler;
  }

  /** Serves requests read from {@code in}, writing responses to {@code out}, until done. */
  public void serve(InputStream in, OutputStream out) throws IOException {
    while (true) {
      Optional<HttpRequest> request;
      try {
        request = RequestParser.read(in);
      } catch (BadRequestException e) {
        reject(out, e);
        return;
      }
      if (request.isEmpty()) {
        return;
      }
      HttpExchange exchange;
      try {
        exchange = new HttpExchange(request.get(), in, out);
      } catch (IOException e) {
        reject(out, new BadRequestException(400, e.getMessage()));
        return;
      }
      handler.handle(exchange);
      if (!exchange.committed()) {
        exchange.respond(500, "text/plain", "no response\n".getBytes(StandardCharsets.UTF_8));
      }
      if (!exchange.reusable()) {
        return;
      }
      exchange.finishBody();
    }
  }

  private static void reject(OutputStream out, BadRequestException e) throws IOException {
    byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
                .formatted(e.status(), HttpStatus.reason(e.status()), body.length)
            + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }
}
