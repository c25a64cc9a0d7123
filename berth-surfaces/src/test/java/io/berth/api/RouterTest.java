package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.http.HttpConnection;
import io.berth.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Routing, version checks and the error mapping, driven in memory. */
class RouterTest {
  private final Router router =
      Router.builder("9.9.9")
          .get(
              "/containers/{id}/json", r -> r.text(200, "id=" + r.path("id") + " v=" + r.version()))
          .get("/images/{name:.*}/json", r -> r.text(200, "name=" + r.path("name")))
          .get(
              "/missing",
              r -> {
                throw BerthException.notFound("no such container: %s", "c1");
              })
          .get(
              "/busy",
              r -> {
                throw BerthException.conflict("name in use");
              })
          .get(
              "/stopped",
              r -> {
                throw BerthException.precondition("container c1 is not running");
              })
          .get(
              "/todo",
              r -> {
                throw BerthException.notImplemented("checkpoints");
              })
          .get(
              "/bug",
              r -> {
                throw new IllegalStateException("boom");
              })
          .build();

  private String get(String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String request = "GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n";
    new HttpConnection(router)
        .serve(new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1)), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void acceptsVersionedAndUnversionedPaths() throws IOException {
    assertThat(get("/containers/abc/json")).endsWith("id=abc v=1.51");
    assertThat(get("/v1.41/containers/abc/json")).endsWith("id=abc v=1.41");
    assertThat(get("/v1.51/images/docker.io/library/busybox/json"))
        .endsWith("name=docker.io/library/busybox");
  }

  @Test
  void everyResponseNamesTheServerAndItsApiVersion() throws IOException {
    assertThat(get("/containers/abc/json"))
        .contains("Api-Version: 1.51")
        .contains("Server: berth/9.9.9 (linux)")
        .contains("Ostype: linux");
  }

  @Test
  void unknownPathIsDockersPageNotFound() throws IOException {
    assertThat(get("/nothing/here"))
        .startsWith("HTTP/1.1 404 ")
        .endsWith("{\"message\":\"page not found\"}");
  }

  @Test
  void tooNewAndTooOldVersionsAre400() throws IOException {
    assertThat(get("/v1.99/containers/a/json"))
        .startsWith("HTTP/1.1 400 ")
        .contains("client version 1.99 is too new. Maximum supported API version is 1.51");
    assertThat(get("/v1.12/containers/a/json"))
        .startsWith("HTTP/1.1 400 ")
        .contains("client version 1.12 is too old. Minimum supported API version is 1.24");
  }

  @Test
  void errorKindsBecomeDockersStatuses() throws IOException {
    assertThat(get("/missing"))
        .startsWith("HTTP/1.1 404 ")
        .endsWith("{\"message\":\"no such container: c1\"}");
    assertThat(get("/busy")).startsWith("HTTP/1.1 409 ");
    assertThat(get("/stopped")).startsWith("HTTP/1.1 409 ");
    assertThat(get("/todo")).startsWith("HTTP/1.1 501 ").contains("checkpoints is not implemented");
  }

  @Test
  void anUnexpectedExceptionIs500WithARequestId() throws IOException {
    assertThat(get("/bug"))
        .startsWith("HTTP/1.1 500 ")
        .containsPattern(
            "internal error \\(request [0-9a-z]+\\): java.lang.IllegalStateException: boom");
  }
}
