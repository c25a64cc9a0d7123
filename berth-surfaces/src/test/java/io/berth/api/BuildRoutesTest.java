package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.http.HttpConnection;
import io.berth.api.http.HttpHandler;
import io.berth.build.BuildRequest;
import io.berth.oci.ImageReference;
import io.berth.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /build} driven in memory against a recording build service. */
class BuildRoutesTest {
  @TempDir Path root;
  private final RecordingBuildService builds = new RecordingBuildService();

  private String post(String query, byte[] body) throws IOException {
    Router router = Router.builder("test").add(new BuildRoutes(builds, root)).build();
    String head =
        "POST /v1.44/build"
            + query
            + " HTTP/1.1\r\nContent-Type: application/x-tar\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    // the client keeps its side open until it has the whole answer, as the docker CLI does
    CountDownLatch answered = new CountDownLatch(1);
    InputStream open =
        new InputStream() {
          @Override
          public int read() {
            try {
              answered.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return -1;
          }
        };
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)),
            new SequenceInputStream(new ByteArrayInputStream(body), open));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpHandler handler =
        exchange -> {
          try {
            router.handle(exchange);
          } finally {
            answered.countDown();
          }
        };
    new HttpConnection(handler).serve(in, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] context(String dockerfile) throws IOException {
    return new TestTars().file("Dockerfile", dockerfile).file("app.py", "print(1)\n").bytes();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void buildsAndStreamsTheClassicMessages() throws IOException {
    String response = post("?t=mon_image:1.0&t=other", context("FROM busybox\nRUN make\n"));
    assertThat(response).startsWith("HTTP/1.1 200 ").contains("Content-Type: application/json");
    assertThat(response)
        .contains("{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\n")
        .contains("{\"stream\":\" ---> Using cache\\n\"}\n")
        .contains("{\"stream\":\"Step 2/2 : RUN make\\n\"}\n")
        .contains("{\"stream\":\" ---> Cache miss: no cache record\\n\"}\n")
        .contains("{\"stream\":\"ran 2\\n\"}\n")
        .contains("{\"aux\":{\"ID\":\"sha256:")
        .contains("{\"stream\":\"Successfully built ")
        .contains("{\"stream\":\"Successfully tagged mon_image:1.0\\n\"}\n")
        .contains("{\"stream\":\"Successfully tagged other:latest\\n\"}\n");
    assertThat(builds.requests).hasSize(1);
    BuildRequest request = builds.requests.getFirst();
    assertThat(request.tags())
        .containsExactly(ImageReference.parse("mon_image:1.0"), ImageReference.parse("other"));
    assertThat(request.dockerfile()).isEqualTo("Dockerfile");
    assertThat(request.networkMode()).isEqualTo("default");
    assertThat(request.context()).doesNotExist(); // deleted after the build
    assertThat(root.resolve("build/contexts")).isEmptyDirectory();
  }

  @Test
  void mapsTheQueryToTheRequest() throws IOException {
    Files.createDirectories(root);
    byte[] body = new TestTars().file("sub/Dockerfile.dev", "FROM busybox\n").bytes();
    post(
        "?dockerfile=sub/Dockerfile.dev&target=dev&nocache=1&networkmode=none&platform=linux/arm64"
            + "&buildargs="
            + q("{\"A\":\"1\",\"FROM_ENV\":null,\"SOURCE_DATE_EPOCH\":\"42\"}")
            + "&labels="
            + q("{\"org.example\":\"yes\"}")
            + "&cachefrom="
            + q("[\"busybox:old\"]")
            + "&rm=1&forcerm=0&memory=0&ulimits=null",
        body);
    BuildRequest request = builds.requests.getFirst();
    assertThat(request.dockerfile()).isEqualTo("sub/Dockerfile.dev");
    assertThat(request.target()).contains("dev");
    assertThat(request.noCache()).isTrue();
    assertThat(request.networkMode()).isEqualTo("none");
    assertThat(request.platform()).contains(Platform.parse("linux/arm64"));
    assertThat(request.buildArgs()).isEqualTo(Map.of("A", "1", "SOURCE_DATE_EPOCH", "42"));
    assertThat(request.sourceDateEpoch()).isEqualTo(Optional.of(42L));
    assertThat(request.labels()).isEqualTo(Map.of("org.example", "yes"));
    assertThat(request.cacheFrom()).isEqualTo(List.of("busybox:old"));
  }

  @Test
  void quietSendsTheIdOnly() throws IOException {
    String response = post("?q=1", context("FROM busybox\n"));
    assertThat(response).doesNotContain("Step 1").contains("{\"stream\":\"sha256:");
  }

  @Test
  void aFailedBuildEndsWithDockersErrorMessage() throws IOException {
    String response = post("", context("FROM busybox\nRUN false\n"));
    assertThat(response)
        .contains("{\"stream\":\"about to fail\\n\"}")
        .contains(
            "{\"errorDetail\":{\"message\":\"The command '/bin/sh -c false' returned a non-zero"
                + " code: 1 (Dockerfile:2)\"},\"error\":");
    assertThat(root.resolve("build/contexts")).isEmptyDirectory();
  }

  @Test
  void refusesBuildKitSessionsAndLimits() throws IOException {
    assertThat(post("?version=2", new byte[0]))
        .startsWith("HTTP/1.1 501 ")
        .contains("BuildKit builder (POST /build with version=2)");
    assertThat(post("?memory=1000000", new byte[0]))
        .startsWith("HTTP/1.1 501 ")
        .contains("memory=1000000");
    assertThat(post("?version=3", new byte[0])).startsWith("HTTP/1.1 400 ");
    assertThat(builds.requests).isEmpty();
  }

  @Test
  void badQueryValuesAre400NamingTheValue() throws IOException {
    byte[] body = context("FROM busybox\n");
    assertThat(post("?t=" + q("Bad Name"), body))
        .startsWith("HTTP/1.1 400 ")
        .contains("invalid tag \\\"Bad Name\\\"");
    assertThat(post("?dockerfile=" + q("../Dockerfile"), body))
        .startsWith("HTTP/1.1 400 ")
        .contains("must be inside the build context");
    assertThat(post("?buildargs=" + q("[1]"), body))
        .startsWith("HTTP/1.1 400 ")
        .contains("invalid buildargs");
    assertThat(builds.requests).isEmpty();
  }

  @Test
  void aHostileContextIs400AndLeavesNothing() throws IOException {
    byte[] body = new TestTars().file("../../evil", "x").bytes();
    assertThat(post("", body)).startsWith("HTTP/1.1 400 ").contains("leaves the context");
    assertThat(root.resolve("build/contexts")).isEmptyDirectory();
    assertThat(root.getParent().resolve("evil")).doesNotExist();
  }

  @Test
  void anInPlaceContextIsCheckedAndItsIgnoreFileApplied() throws IOException {
    Path dir = Files.createDirectories(root.resolve("in-place"));
    Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
    Files.writeString(dir.resolve(".dockerignore"), "*.secret\n");
    Files.writeString(dir.resolve("a.secret"), "x");
    String id = Files.getAttribute(dir, "unix:dev") + ":" + Files.getAttribute(dir, "unix:ino");

    String ok =
        post("?berthcontext=" + q(dir.toString()) + "&berthcontextid=" + q(id), new byte[0]);
    assertThat(ok).startsWith("HTTP/1.1 200 ").contains("Successfully built");
    BuildRequest request = builds.requests.getFirst();
    assertThat(request.context()).isEqualTo(dir.toRealPath());
    assertThat(request.contextIgnore().excludes("a.secret")).isTrue();
    assertThat(builds.contextFiles.getFirst()).containsExactly(".dockerignore", "Dockerfile");

    // Another directory than the client's, a relative path: refused, so the client sends a tar.
    assertThat(post("?berthcontext=" + q(dir.toString()) + "&berthcontextid=1:2", new byte[0]))
        .startsWith("HTTP/1.1 400 ")
        .contains("in-place build context refused");
    assertThat(post("?berthcontext=in-place&berthcontextid=" + q(id), new byte[0]))
        .startsWith("HTTP/1.1 400 ")
        .contains("in-place build context refused");
    assertThat(builds.requests).hasSize(1);
  }

  @Test
  void secretsAreReadOffTheFrontOfTheBodyOnlyWhenAsked() throws IOException {
    byte[] secrets = "{\"tok\":\"czNjcmV0\"}".getBytes(StandardCharsets.UTF_8);
    byte[] tar = context("FROM busybox\n");
    byte[] body = new byte[secrets.length + tar.length];
    System.arraycopy(secrets, 0, body, 0, secrets.length);
    System.arraycopy(tar, 0, body, secrets.length, tar.length);
    assertThat(post("?berthsecrets=" + secrets.length, body)).startsWith("HTTP/1.1 200 ");
    assertThat(new String(builds.requests.getFirst().secrets().get("tok"), StandardCharsets.UTF_8))
        .isEqualTo("s3cret");
    assertThat(builds.contextFiles.getFirst()).containsExactly("Dockerfile", "app.py");
    assertThat(post("?berthsecrets=" + (secrets.length - 1), body))
        .startsWith("HTTP/1.1 400 ")
        .contains("build secrets");
  }

  @Test
  void aRemoteContextIsTheEnginesToFetch() throws IOException {
    String response = post("?t=remote:1&remote=" + q("http://127.0.0.1:1/ctx.tar.gz"), new byte[0]);
    assertThat(response).startsWith("HTTP/1.1 200 ").contains("Successfully tagged remote:1");
    assertThat(builds.requests.getFirst().remoteContext())
        .contains("http://127.0.0.1:1/ctx.tar.gz");
    assertThat(root.resolve("build/contexts"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }
}
