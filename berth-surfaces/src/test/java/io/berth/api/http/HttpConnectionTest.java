package io.berth.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The connection loop driven with bytes in memory, without sockets. */
class HttpConnectionTest {

  private static String serve(String requests, HttpHandler handler) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HttpConnection(handler)
        .serve(new ByteArrayInputStream(requests.getBytes(StandardCharsets.ISO_8859_1)), out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static final HttpHandler ECHO =
      exchange -> {
        byte[] body = exchange.body().readAllBytes();
        String text =
            exchange.request().method()
                + " "
                + exchange.request().path()
                + " "
                + exchange.request().query()
                + " ["
                + new String(body, StandardCharsets.UTF_8)
                + "]";
        exchange.respond(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
      };

  @Test
  void servesSeveralRequestsOnOneConnection() throws IOException {
    String out =
        serve(
            "GET /a?x=1&y=a%20b&x=2 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /c HTTP/1.1\r\n\r\n",
            ECHO);
    assertThat(out).contains("GET /a {x=[1, 2], y=[a b]} []");
    assertThat(out).contains("POST /b {} [hello]");
    assertThat(out).contains("GET /c {} []");
    assertThat(out.split("HTTP/1.1 200 OK", -1)).hasSize(4);
  }

  @Test
  void readsAChunkedRequestBody() throws IOException {
    String out =
        serve(
            "POST /build HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\n\r\n"
                + "GET /next HTTP/1.1\r\n\r\n",
            ECHO);
    assertThat(out).contains("POST /build {} [abcdefg]").contains("GET /next {} []");
  }

  @Test
  void skipsAnUnreadBodyBeforeTheNextRequest() throws IOException {
    HttpHandler ignoresBody =
        exchange ->
            exchange.respond(
                200, "text/plain", exchange.request().path().getBytes(StandardCharsets.UTF_8));
    String out =
        serve(
            "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyzGET /two HTTP/1.1\r\n\r\n",
            ignoresBody);
    assertThat(out).endsWith("/two");
  }

  @Test
  void streamsChunksAsTheyAreFlushed() throws IOException {
    String out =
        serve(
            "GET /events HTTP/1.1\r\n\r\n",
            exchange -> {
              try (OutputStream stream = exchange.stream(200, "application/json")) {
                stream.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
                stream.flush();
                stream.write("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
              }
            });
    assertThat(out)
        .contains("Transfer-Encoding: chunked")
        .endsWith("\r\n\r\n8\r\n{\"a\":1}\n\r\n8\r\n{\"b\":2}\n\r\n0\r\n\r\n");
  }

  @Test
  void headGetsTheHeadWithoutTheBody() throws IOException {
    String out =
        serve(
            "HEAD /_ping HTTP/1.1\r\n\r\n",
            exchange -> exchange.respond(200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8)));
    assertThat(out).contains("Content-Length: 2").endsWith("\r\n\r\n");
  }

  @Test
  void hijackAnswers101AndHandsOverRawBytes() throws IOException {
    String out =
        serve(
            "POST /containers/x/attach HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nping",
            exchange -> {
              Hijacked raw = exchange.hijack("application/vnd.docker.raw-stream");
              byte[] in = raw.input().readAllBytes();
              raw.output()
                  .write(
                      ("got " + new String(in, StandardCharsets.UTF_8))
                          .getBytes(StandardCharsets.UTF_8));
              raw.output().flush();
            });
    assertThat(out)
        .startsWith("HTTP/1.1 101 UPGRADED\r\n")
        .contains("Upgrade: tcp")
        .endsWith("\r\n\r\ngot ping");
  }

  @Test
  void malformedRequestLineGets400AndCloses() throws IOException {
    String out = serve("NONSENSE\r\n\r\nGET /a HTTP/1.1\r\n\r\n", ECHO);
    assertThat(out).startsWith("HTTP/1.1 400 Bad Request").contains("malformed request line");
    assertThat(out).doesNotContain("GET /a");
  }

  @Test
  void malformedHeaderGets400() throws IOException {
    assertThat(serve("GET / HTTP/1.1\r\nno colon here\r\n\r\n", ECHO)).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void badContentLengthGets400() throws IOException {
    assertThat(serve("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", ECHO))
        .startsWith("HTTP/1.1 400 ")
        .contains("Content-Length");
  }

  @Test
  void overlongRequestLineGets414() throws IOException {
    String path = "/" + "a".repeat(RequestParser.MAX_REQUEST_LINE);
    assertThat(serve("GET " + path + " HTTP/1.1\r\n\r\n", ECHO)).startsWith("HTTP/1.1 414 ");
  }

  @Test
  void overlargeHeadersGet431() throws IOException {
    String header = "X-Big: " + "b".repeat(RequestParser.MAX_HEADERS) + "\r\n";
    assertThat(serve("GET / HTTP/1.1\r\n" + header + "\r\n", ECHO)).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void connectionCloseEndsTheLoop() throws IOException {
    String out = serve("GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n", ECHO);
    assertThat(out).contains("Connection: close").contains("GET /a").doesNotContain("GET /b");
  }
}
