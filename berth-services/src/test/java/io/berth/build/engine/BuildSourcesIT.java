package io.berth.build.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.berth.dockerfile.DockerfileException;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of URLs and git repositories from servers the test runs on loopback, and the RUN mounts that
 * need more than a bind: read-write binds, private cache mounts, secrets as environment variables;
 * and {@code FROM --platform} checked against the image.
 */
class BuildSourcesIT {

  @TempDir static Path work;
  static BuildFixture store;
  static HttpServer http;
  static String base;
  static int contexts;

  /** What the test server answers, by path: the bytes and their Last-Modified. */
  static final Map<String, byte[]> SERVED = new ConcurrentHashMap<>();

  static final Instant MODIFIED = Instant.parse("2021-03-04T05:06:07Z");

  @BeforeAll
  static void start() throws IOException {
    store = new BuildFixture(Files.createDirectories(work.resolve("root")));
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] body = SERVED.get(exchange.getRequestURI().getPath());
          if (body == null) {
            Path file =
                work.resolve("served").resolve(exchange.getRequestURI().getPath().substring(1));
            body = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
          }
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange
              .getResponseHeaders()
              .add(
                  "Last-Modified",
                  DateTimeFormatter.RFC_1123_DATE_TIME.format(MODIFIED.atZone(ZoneOffset.UTC)));
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
    store.close();
  }

  static Path context(String dockerfile, Map<String, String> files) {
    try {
      Path dir = Files.createDirectories(work.resolve("ctx-" + ++contexts));
      Files.writeString(dir.resolve("Dockerfile"), dockerfile);
      for (var f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path root, String file) {
    try {
      return Files.readString(root.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void addOfAUrlDownloadsWithDockersModeAndTimeAndCachesByContent() throws IOException {
    SERVED.put("/files/hello.txt", "hello 1\n".getBytes(StandardCharsets.UTF_8));
    String url = base + "/files/hello.txt";
    Path ctx =
        context("FROM busybox:test\nADD " + url + " /dl/\nADD " + url + " /named.txt\n", Map.of());
    var first = store.build(ctx, o -> o.tag("url:1"));
    assertThat(first.misses()).hasSize(2);
    store.inImage(
        "url:1",
        root -> {
          try {
            Path file = root.resolve("dl/hello.txt");
            assertThat(read(root, "dl/hello.txt")).isEqualTo("hello 1\n");
            assertThat(read(root, "named.txt")).isEqualTo("hello 1\n");
            assertThat(FileOps.mode(file)).isEqualTo(0600);
            assertThat(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant())
                .isEqualTo(MODIFIED);
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    // The same bytes again: answered from the cache; other bytes: a miss naming the URL.
    assertThat(store.build(ctx, o -> o.tag("url:1")).cached()).isEqualTo(2);
    SERVED.put("/files/hello.txt", "hello 2\n".getBytes(StandardCharsets.UTF_8));
    var changed = store.build(ctx, o -> o.tag("url:1"));
    assertThat(changed.misses().getFirst()).isEqualTo("file " + url + " changed");
    store.inImage("url:1", root -> assertThat(read(root, "dl/hello.txt")).isEqualTo("hello 2\n"));
  }

  @Test
  void addChecksumIsCheckedAndAMissingUrlFails() throws IOException {
    byte[] body = "checked\n".getBytes(StandardCharsets.UTF_8);
    SERVED.put("/files/checked.txt", body);
    String digest = io.berth.oci.Digest.sha256(body).toString();
    String url = base + "/files/checked.txt";
    Path good =
        context("FROM busybox:test\nADD --checksum=" + digest + " " + url + " /c\n", Map.of());
    store.build(good, o -> o.tag("sum:1"));
    store.inImage("sum:1", root -> assertThat(read(root, "c")).isEqualTo("checked\n"));

    String wrong = "sha256:" + "0".repeat(64);
    Path bad =
        context("FROM busybox:test\nADD --checksum=" + wrong + " " + url + " /c\n", Map.of());
    assertThatThrownBy(() -> store.build(bad, o -> o.tag("sum:2")))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(digest);

    Path missing = context("FROM busybox:test\nADD " + base + "/nothing.txt /n\n", Map.of());
    assertThatThrownBy(() -> store.build(missing, o -> o))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("404");

    Path local =
        context("FROM busybox:test\nADD --checksum=" + wrong + " a.txt /a\n", Map.of("a.txt", "a"));
    assertThatThrownBy(() -> store.build(local, o -> o))
        .isInstanceOf(DockerfileException.class)
        .hasMessageContaining("--checksum");
  }

  @Test
  void addOfAGitRepositoryChecksOutTheRefAndSubdirectory() throws Exception {
    Path repo = Files.createDirectories(work.resolve("repo-src"));
    git(repo, "init", "-q", "-b", "main");
    Files.createDirectories(repo.resolve("sub"));
    Files.writeString(repo.resolve("README"), "top\n");
    Files.writeString(repo.resolve("sub/inside.txt"), "inside v1\n");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
    Path served = Files.createDirectories(work.resolve("served"));
    git(served, "clone", "-q", "--bare", repo.toString(), "repo.git");
    git(served.resolve("repo.git"), "update-server-info");
    String url = base + "/repo.git";

    Path ctx =
        context(
            "FROM busybox:test\nADD "
                + url
                + "#main:sub /src/\nADD --keep-git-dir "
                + url
                + " /whole/\n",
            Map.of());
    store.build(ctx, o -> o.tag("git:1"));
    store.inImage(
        "git:1",
        root -> {
          assertThat(read(root, "src/inside.txt")).isEqualTo("inside v1\n");
          assertThat(root.resolve("src/README")).doesNotExist();
          assertThat(root.resolve("src/.git")).doesNotExist();
          assertThat(read(root, "whole/README")).isEqualTo("top\n");
          assertThat(root.resolve("whole/.git")).isDirectory();
          return null;
        });
    assertThat(store.build(ctx, o -> o.tag("git:1")).cached()).isEqualTo(2);

    // A new commit is a new source.
    Files.writeString(repo.resolve("sub/inside.txt"), "inside v2\n");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "two");
    git(repo, "push", "-q", served.resolve("repo.git").toString(), "main");
    git(served.resolve("repo.git"), "update-server-info");
    var again = store.build(ctx, o -> o.tag("git:1"));
    assertThat(again.cached()).isZero();
    store.inImage(
        "git:1", root -> assertThat(read(root, "src/inside.txt")).isEqualTo("inside v2\n"));
  }

  @Test
  void remoteContextsAreFetchedByTheEngine() throws Exception {
    // A tarball context, gzipped.
    Path src =
        context("FROM busybox:test\nCOPY hello.txt /from-tar\n", Map.of("hello.txt", "tar\n"));
    Path served = Files.createDirectories(work.resolve("served"));
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                served.resolve("ctx.tar.gz").toString(),
                "-C",
                src.toString(),
                "Dockerfile",
                "hello.txt")
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor()).isZero();
    store.build(
        work,
        o -> {
          o.remote = java.util.Optional.of(base + "/ctx.tar.gz");
          return o.tag("remote:tar");
        });
    store.inImage("remote:tar", root -> assertThat(read(root, "from-tar")).isEqualTo("tar\n"));

    // A lone Dockerfile.
    SERVED.put("/Dockerfile.remote", "FROM busybox:test\nRUN echo lone > /lone\n".getBytes());
    store.build(
        work,
        o -> {
          o.remote = java.util.Optional.of(base + "/Dockerfile.remote");
          return o.tag("remote:lone");
        });
    store.inImage("remote:lone", root -> assertThat(read(root, "lone")).isEqualTo("lone\n"));

    // A git repository, at a ref and in a subdirectory.
    Path repo = Files.createDirectories(work.resolve("ctx-repo"));
    git(repo, "init", "-q", "-b", "main");
    Files.createDirectories(repo.resolve("app"));
    Files.writeString(repo.resolve("app/Dockerfile"), "FROM busybox:test\nCOPY . /src/\n");
    Files.writeString(repo.resolve("app/code.txt"), "from git\n");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
    git(served, "clone", "-q", "--bare", repo.toString(), "ctx-repo.git");
    git(served.resolve("ctx-repo.git"), "update-server-info");
    store.build(
        work,
        o -> {
          o.remote = java.util.Optional.of(base + "/ctx-repo.git#main:app");
          return o.tag("remote:git");
        });
    store.inImage(
        "remote:git",
        root -> {
          assertThat(read(root, "src/code.txt")).isEqualTo("from git\n");
          assertThat(root.resolve("src/.git")).doesNotExist();
          return null;
        });
    try (var left = Files.list(store.root.resolve("build/contexts"))) {
      assertThat(left.count()).isZero();
    }
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git %s: %s", command, out).isZero();
  }

  @Test
  void aReadWriteBindWritesIntoAThrowAwayLayer() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            RUN --mount=type=bind,target=/ctx,rw echo scribble > /ctx/data.txt \\
                && cat /ctx/data.txt > /seen && ls /ctx > /listing
            RUN --mount=type=bind,target=/ro test ! -w /ro/data.txt || ! echo x > /ro/data.txt
            """,
            Map.of("data.txt", "original\n"));
    store.build(ctx, o -> o.tag("rw:1"));
    store.inImage(
        "rw:1",
        root -> {
          assertThat(read(root, "seen")).isEqualTo("scribble\n");
          assertThat(read(root, "listing")).contains("data.txt");
          assertThat(root.resolve("ctx"))
              .satisfiesAnyOf(
                  p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
          return null;
        });
    assertThat(read(ctx, "data.txt")).isEqualTo("original\n");
  }

  @Test
  void privateCacheMountsRunningAtOnceGetDirectoriesOfTheirOwn() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test AS a
            RUN --mount=type=cache,id=p,target=/c,sharing=private \\
                sh -c 'echo a > /c/who; sleep 1; cat /c/who > /seen'
            FROM busybox:test AS b
            RUN --mount=type=cache,id=p,target=/c,sharing=private \\
                sh -c 'echo b > /c/who; sleep 1; cat /c/who > /seen'
            FROM busybox:test
            COPY --from=a /seen /a
            COPY --from=b /seen /b
            """,
            Map.of());
    store.build(ctx, o -> o.tag("private:1"));
    store.inImage(
        "private:1",
        root -> {
          assertThat(read(root, "a")).isEqualTo("a\n");
          assertThat(read(root, "b")).isEqualTo("b\n");
          return null;
        });
  }

  @Test
  void aSecretCanBeAnEnvironmentVariableOfTheStepOnly() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            RUN --mount=type=secret,id=token,env=TOKEN \\
                sh -c 'test "$TOKEN" = s3cret && test ! -e /run/secrets/token && echo ok > /ok'
            """,
            Map.of());
    store.build(
        ctx,
        o -> {
          o.secrets.put("token", "s3cret".getBytes(StandardCharsets.UTF_8));
          return o.tag("secret:1");
        });
    assertThat(store.image("secret:1").config().config().env()).noneMatch(e -> e.contains("TOKEN"));
    store.inImage("secret:1", root -> assertThat(read(root, "ok")).isEqualTo("ok\n"));
  }

  @Test
  void fromPlatformIsCheckedAgainstTheImage() throws IOException {
    Path ctx = context("FROM --platform=linux/s390x busybox:test\nRUN true\n", Map.of());
    assertThatThrownBy(() -> store.build(ctx, o -> o))
        .isInstanceOf(DockerfileException.class)
        .hasMessageContaining("Dockerfile:1")
        .hasMessageContaining("linux/s390x");
    Path same =
        context("FROM --platform=$BUILDPLATFORM busybox:test\nRUN echo ok > /ok\n", Map.of());
    store.build(same, o -> o.tag("platform:1"));
  }
}
