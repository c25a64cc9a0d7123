package io.berth.build.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.dockerfile.DockerfileException;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.oci.Descriptor;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.RunConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real images with RUN on runc over a busybox base the test makes itself. */
class BuildEngineIT {

  @TempDir static Path work;
  static BuildFixture store;
  static int contexts;

  @BeforeAll
  static void createStore() throws IOException {
    store = new BuildFixture(Files.createDirectories(work.resolve("root")));
  }

  @AfterAll
  static void closeStore() {
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
  void everyConfigInstructionEndsUpInTheImage() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            ARG VERSION=1.0
            ENV APP_HOME=/srv/app GREETING="hello world"
            LABEL version=$VERSION maintainer=me
            WORKDIR $APP_HOME
            WORKDIR sub
            COPY app.txt ./
            RUN echo "built $VERSION" > built.txt && id -u > uid.txt
            USER app
            EXPOSE 80 53/udp
            VOLUME /data
            STOPSIGNAL SIGINT
            HEALTHCHECK --interval=5s --retries=2 CMD cat /srv/app/sub/app.txt
            SHELL ["/bin/sh", "-ec"]
            ONBUILD USER root
            ONBUILD RUN echo triggered > /onbuild.txt
            ENTRYPOINT ["/bin/cat"]
            CMD ["app.txt"]
            """,
            Map.of("app.txt", "the app\n"));
    var built = store.build(ctx, o -> o.tag("every:1"));

    ImageConfig image = store.image("every:1").config();
    RunConfig c = image.config();
    assertThat(c.env()).contains("PATH=/bin", "APP_HOME=/srv/app", "GREETING=hello world");
    assertThat(c.labels()).containsEntry("version", "1.0").containsEntry("maintainer", "me");
    assertThat(c.workingDir()).isEqualTo("/srv/app/sub");
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.exposedPorts()).containsExactly("53/udp", "80/tcp");
    assertThat(c.volumes()).containsExactly("/data");
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.healthcheck().orElseThrow().test())
        .containsExactly("CMD-SHELL", "cat /srv/app/sub/app.txt");
    assertThat(c.healthcheck().get().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.healthcheck().get().retries()).isEqualTo(2);
    assertThat(c.shell()).containsExactly("/bin/sh", "-ec");
    assertThat(c.onBuild()).containsExactly("USER root", "RUN echo triggered > /onbuild.txt");
    assertThat(c.entrypoint()).containsExactly("/bin/cat");
    assertThat(c.cmd()).containsExactly("app.txt");

    // base layer + WORKDIR (creates /srv/app) + WORKDIR sub + COPY + RUN
    assertThat(image.rootfs().diffIds()).hasSize(5);
    List<ImageConfig.History> history = image.history();
    assertThat(history).hasSize(18);
    assertThat(history.stream().filter(h -> !h.emptyLayer()).count()).isEqualTo(5);
    assertThat(history.get(1).createdBy()).isEqualTo("ARG VERSION=1.0");
    assertThat(history.get(1).emptyLayer()).isTrue();
    assertThat(history.get(4).createdBy()).isEqualTo("WORKDIR /srv/app");
    assertThat(history.get(6).createdBy()).isEqualTo("COPY app.txt ./ # buildkit");
    assertThat(history.get(7).createdBy())
        .isEqualTo(
            "RUN |1 VERSION=1.0 /bin/sh -c echo \"built $VERSION\" > built.txt && id -u > uid.txt"
                + " # buildkit");
    assertThat(history.get(9).createdBy()).isEqualTo("EXPOSE map[53/udp:{} 80/tcp:{}]");
    assertThat(history.get(16).createdBy()).isEqualTo("ENTRYPOINT [\"/bin/cat\"]");
    assertThat(built.result().steps()).isEqualTo(4);

    store.inImage(
        "every:1",
        root -> {
          assertThat(read(root, "srv/app/sub/app.txt")).isEqualTo("the app\n");
          assertThat(read(root, "srv/app/sub/built.txt")).isEqualTo("built 1.0\n");
          assertThat(read(root, "srv/app/sub/uid.txt")).isEqualTo("0\n");
          assertThat(root.resolve("etc/resolv.conf")).doesNotExist();
          assertThat(root.resolve("etc/hosts")).doesNotExist();
          return null;
        });

    // The child image runs the trigger; an ENTRYPOINT resets the inherited CMD.
    Path child =
        context("FROM every:1\nRUN test -f /onbuild.txt\nENTRYPOINT [\"/bin/sh\"]\n", Map.of());
    store.build(child, o -> o.tag("child:1"));
    RunConfig cc = store.image("child:1").config().config();
    assertThat(cc.onBuild()).isEmpty();
    assertThat(cc.cmd()).isEmpty();
    assertThat(cc.entrypoint()).containsExactly("/bin/sh");
    store.inImage(
        "child:1", root -> assertThat(read(root, "onbuild.txt")).isEqualTo("triggered\n"));
  }

  @Test
  void copyFollowsDockersRules() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            COPY dir /into/
            COPY dir/a.txt /renamed.txt
            COPY *.md dir/b.txt /many/
            COPY --chown=app:staff --chmod=640 dir/a.txt /owned/
            COPY --exclude=*.log logs /logs/
            COPY --parents dir/nested/c.txt /kept/
            COPY <<EOF /here.txt
            made by $HOSTNAME_UNSET heredoc
            EOF
            RUN stat -c '%u:%g %a' /owned/a.txt > /owned.txt
            ADD pack.tar /unpacked/
            """,
            Map.of(
                "dir/a.txt", "a\n",
                "dir/b.txt", "b\n",
                "dir/nested/c.txt", "c\n",
                "one.md", "1\n",
                "two.md", "2\n",
                "logs/keep.txt", "k\n",
                "logs/drop.log", "d\n"));
    Path tarSource = Files.createDirectories(work.resolve("tar-src/pkg"));
    Files.writeString(tarSource.resolve("inside.txt"), "from the tar\n");
    Process tar =
        new ProcessBuilder(
                "tar",
                "-czf",
                ctx.resolve("pack.tar").toString(),
                "-C",
                work.resolve("tar-src").toString(),
                "pkg")
            .inheritIO()
            .start();
    try {
      assertThat(tar.waitFor()).isZero();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    store.build(ctx, o -> o.tag("copy:1"));
    store.inImage(
        "copy:1",
        root -> {
          assertThat(read(root, "into/a.txt")).isEqualTo("a\n");
          assertThat(read(root, "into/nested/c.txt")).isEqualTo("c\n");
          assertThat(root.resolve("into/dir")).doesNotExist();
          assertThat(read(root, "renamed.txt")).isEqualTo("a\n");
          assertThat(read(root, "many/one.md")).isEqualTo("1\n");
          assertThat(read(root, "many/two.md")).isEqualTo("2\n");
          assertThat(read(root, "many/b.txt")).isEqualTo("b\n");
          assertThat(read(root, "owned.txt")).isEqualTo("1000:50 640\n");
          assertThat(read(root, "logs/keep.txt")).isEqualTo("k\n");
          assertThat(root.resolve("logs/drop.log")).doesNotExist();
          assertThat(read(root, "kept/dir/nested/c.txt")).isEqualTo("c\n");
          assertThat(read(root, "here.txt")).isEqualTo("made by  heredoc\n");
          assertThat(read(root, "unpacked/pkg/inside.txt")).isEqualTo("from the tar\n");
          return null;
        });
  }

  @Test
  void aCopiedDirectoryLendsItsContentsNotItsModeOrOwner() throws IOException {
    // What dockerd 20.10 gave, with BuildKit and with the classic builder alike, for a context
    // whose root is 0700 (as mktemp -d makes it) and a sub-directory of 0750.
    Path ctx =
        context(
            """
            FROM busybox:test
            WORKDIR /app
            COPY . .
            COPY . /new/
            COPY --chown=1000:1000 sub /app2
            RUN mkdir -m 711 /ex
            COPY sub /ex
            COPY --chown=1000:1000 sub /deep/er/
            RUN stat -c '%n %a %u' /app /app/sub /new /app2 /ex /deep /deep/er > /modes.txt
            """,
            Map.of("f.txt", "f\n", "sub/g.txt", "g\n"));
    FileOps.chmod(ctx, 0700);
    FileOps.chmod(ctx.resolve("sub"), 0750);
    store.build(ctx, o -> o.tag("modes:1"));
    store.inImage(
        "modes:1",
        root -> {
          assertThat(read(root, "modes.txt"))
              .isEqualTo(
                  "/app 755 0\n/app/sub 750 0\n/new 755 0\n/app2 755 1000\n/ex 711 0\n"
                      + "/deep 755 1000\n/deep/er 755 1000\n");
          return null;
        });
  }

  @Test
  void cacheAnswersUnchangedStepsAndExplainsMisses() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            ARG VERSION=1
            COPY app.py /app/
            RUN echo $VERSION > /version
            """,
            Map.of("app.py", "print(1)\n"));
    var first = store.build(ctx, o -> o.tag("cache:1"));
    assertThat(first.misses())
        .containsExactly("no previous build of this step", "no previous build of this step");

    var again = store.build(ctx, o -> o.tag("cache:1"));
    assertThat(again.cached()).isEqualTo(2);
    assertThat(again.result().imageId()).isEqualTo(first.result().imageId());

    // Touched, same content: still cached.
    Path app = ctx.resolve("app.py");
    Files.setLastModifiedTime(app, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(store.build(ctx, o -> o.tag("cache:1")).cached()).isEqualTo(2);

    // Same size and mtime, other content: a miss naming the file.
    FileTime mtime = Files.getLastModifiedTime(app);
    Files.writeString(app, "print(2)\n");
    Files.setLastModifiedTime(app, mtime);
    var changed = store.build(ctx, o -> o.tag("cache:1"));
    assertThat(changed.misses().getFirst()).isEqualTo("file app.py changed");
    assertThat(changed.misses().get(1)).startsWith("parent step changed");

    var arg = store.build(ctx, o -> o.tag("cache:1").arg("VERSION", "2"));
    assertThat(arg.misses()).containsExactly("build argument VERSION changed from 1 to 2");
    store.inImage("cache:1", root -> assertThat(read(root, "version")).isEqualTo("2\n"));

    var noCache =
        store.build(
            ctx,
            o -> {
              o.noCache = true;
              return o.tag("cache:1");
            });
    assertThat(noCache.cached()).isZero();
  }

  @Test
  void aRebuildUnderANewTagOrInANewDirectoryNamesTheChangedFileAndTheParent() throws IOException {
    String dockerfile =
        """
        FROM busybox:test
        WORKDIR /app
        RUN echo users > /users
        COPY . .
        RUN cat greeting.py > /compiled
        USER app
        """;
    Path ctx =
        context(dockerfile, Map.of("greeting.py", "VERSION = \"1.0\"\n", "app.py", "run()\n"));
    store.build(ctx, o -> o.tag("walk:1.0"));

    Files.writeString(ctx.resolve("greeting.py"), "VERSION = \"1.1\"\n");
    var rebuilt = store.build(ctx, o -> o.tag("walk:1.1"));
    assertThat(rebuilt.cached()).isEqualTo(2); // WORKDIR and the first RUN
    assertThat(rebuilt.misses())
        .containsExactly(
            "file greeting.py changed",
            "parent step changed (Dockerfile:4 COPY: file greeting.py changed)");

    // The same project sent again through POST /build lands in a new directory, untagged.
    Path elsewhere =
        context(dockerfile, Map.of("greeting.py", "VERSION = \"1.2\"\n", "app.py", "run()\n"));
    var moved = store.build(elsewhere, o -> o);
    assertThat(moved.misses())
        .containsExactly(
            "file greeting.py changed",
            "parent step changed (Dockerfile:4 COPY: file greeting.py changed)");
    store.inImage(
        moved.result().imageId().toString(),
        root -> assertThat(read(root, "compiled")).isEqualTo("VERSION = \"1.2\"\n"));
  }

  @Test
  void aContextReadInPlaceHidesWhatTheIgnoreFileLeavesOut() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            COPY . /app/
            RUN --mount=type=bind,target=/ctx ls -a /ctx > /bound
            """,
            Map.of(
                "app.py", "run()\n",
                ".dockerignore", "*.secret\nnode_modules\n!node_modules/keep.js\n",
                "a.secret", "s3cret\n",
                "node_modules/x.js", "x\n",
                "node_modules/keep.js", "kept\n"));
    Files.createSymbolicLink(ctx.resolve("out"), Path.of("/etc"));
    var ignore =
        io.berth.dockerfile.DockerIgnore.parse(
            ".dockerignore", List.of("*.secret", "node_modules", "!node_modules/keep.js"));
    var built =
        store.build(
            ctx,
            o -> {
              o.ignore = ignore;
              return o.tag("inplace:1");
            });
    store.inImage(
        "inplace:1",
        root -> {
          assertThat(read(root, "app/app.py")).isEqualTo("run()\n");
          assertThat(root.resolve("app/a.secret")).doesNotExist();
          assertThat(root.resolve("app/node_modules/x.js")).doesNotExist();
          assertThat(read(root, "app/node_modules/keep.js")).isEqualTo("kept\n");
          assertThat(read(root, "bound")).contains("app.py").doesNotContain("a.secret");
          return null;
        });
    assertThat(built.misses()).hasSize(2);

    // An ignored file is as absent as if it had not been sent; a change to it changes nothing.
    Path copySecret = context("FROM busybox:test\nCOPY a.secret /\n", Map.of("a.secret", "x"));
    assertThatThrownBy(
            () ->
                store.build(
                    copySecret,
                    o -> {
                      o.ignore = ignore;
                      return o;
                    }))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("not found");
    Files.writeString(ctx.resolve("a.secret"), "changed\n");
    var again =
        store.build(
            ctx,
            o -> {
              o.ignore = ignore;
              return o.tag("inplace:1");
            });
    assertThat(again.cached()).isEqualTo(2);
  }

  @Test
  void cacheFromAnswersStepsWithTheLayersOfAnImageCarryingItsCacheKeys() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            COPY app.txt /app/
            RUN echo built > /built && cat /app/app.txt > /copy
            LABEL stage=one
            RUN true
            """,
            Map.of("app.txt", "inline\n"));
    var source = store.build(ctx, o -> o.tag("cf:src").arg("BUILDKIT_INLINE_CACHE", "1"));
    var keys = InlineCache.keys(store.image("cf:src").config());
    assertThat(keys).isPresent();
    assertThat(keys.get()).hasSize(store.image("cf:src").config().history().size());
    assertThat(source.events())
        .noneMatch(
            e -> e instanceof io.berth.event.Event.Warning w && w.message().contains("BUILDKIT"));

    // Without the inline cache argument the image carries no keys.
    var plain = store.build(ctx, o -> o.tag("cf:plain"));
    assertThat(InlineCache.keys(store.image("cf:plain").config())).isEmpty();

    // A machine without the build cache: nothing is cached, unless --cache-from names the image.
    store.forgetBuildCache();
    var withFrom =
        store.build(
            ctx,
            o -> {
              o.cacheFrom.add("cf:src");
              o.cacheFrom.add("no-such:image");
              return o.tag("cf:again").arg("BUILDKIT_INLINE_CACHE", "1");
            });
    assertThat(withFrom.cached()).isEqualTo(3);
    assertThat(withFrom.misses()).isEmpty();
    assertThat(withFrom.result().imageId()).isEqualTo(source.result().imageId());
    assertThat(withFrom.events())
        .anyMatch(
            e -> e instanceof io.berth.event.Event.Warning w && w.message().contains("no-such"));

    store.forgetBuildCache();
    var keyless =
        store.build(
            ctx,
            o -> {
              o.cacheFrom.add("cf:plain");
              return o.tag("cf:keyless");
            });
    assertThat(keyless.cached()).isZero();
    assertThat(keyless.events())
        .anyMatch(
            e ->
                e instanceof io.berth.event.Event.Warning w
                    && w.message().contains("BUILDKIT_INLINE_CACHE=1"));
    assertThat(plain.result().imageId()).isNotEqualTo(source.result().imageId());
  }

  @Test
  void failingRunNamesTheStepAndTagsNothing() {
    Path ctx = context("FROM busybox:test\nRUN echo about to fail && exit 3\n", Map.of());
    assertThatThrownBy(() -> store.build(ctx, o -> o.tag("failed:1")))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("Dockerfile:2")
        .hasMessageContaining("exit code: 3")
        .hasMessageContaining("about to fail");
    assertThat(store.images.find("failed:1")).isEmpty();
    assertThat(store.snapshots.list().stream().filter(i -> i.name().startsWith("build-")))
        .isEmpty();
  }

  @Test
  void dockerfileErrorsStopTheBuildBeforeAnythingRuns() {
    Path ctx =
        context("FROM busybox:test\nRUN touch /x\nFROM stage-that-is-later\nCOPIE a b\n", Map.of());
    assertThatThrownBy(() -> store.build(ctx, o -> o))
        .isInstanceOf(DockerfileException.class)
        .hasMessageContaining("Dockerfile:4");
  }

  @Test
  void sourcesAndDestinationsStayConfined() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test
            COPY link-out /from-link
            COPY secret.txt /escape/confined.txt
            COPY secret.txt /up/up-confined.txt
            """,
            Map.of("secret.txt", "inside\n"));
    Files.createSymbolicLink(ctx.resolve("link-out"), Path.of("/etc/hostname"));
    assertThatThrownBy(() -> store.build(ctx, o -> o))
        .isInstanceOf(BerthException.class)
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);

    Path outside = context("FROM busybox:test\nCOPY ../../../etc/passwd /p\n", Map.of());
    assertThatThrownBy(() -> store.build(outside, o -> o))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("not found");

    Path dest =
        context(
            """
            FROM busybox:test
            COPY secret.txt /escape/confined.txt
            COPY secret.txt /up/up-confined.txt
            """,
            Map.of("secret.txt", "inside\n"));
    store.build(dest, o -> o.tag("confined:1"));
    assertThat(Path.of("/confined.txt")).doesNotExist();
    assertThat(Path.of("/up-confined.txt")).doesNotExist();
    store.inImage(
        "confined:1",
        root -> {
          assertThat(read(root, "confined.txt")).isEqualTo("inside\n");
          assertThat(read(root, "up-confined.txt")).isEqualTo("inside\n");
          return null;
        });
  }

  @Test
  void multiStageBuildsOnlyWhatTheTargetNeeds() throws IOException {
    Path ctx =
        context(
            """
            FROM busybox:test AS base
            RUN echo base > /base.txt
            FROM base AS builder
            RUN echo built > /out.txt
            FROM busybox:test AS unused
            RUN exit 1
            FROM scratch AS final
            COPY --from=builder /out.txt /out.txt
            COPY --from=0 /base.txt /base.txt
            """,
            Map.of());
    store.build(ctx, o -> o.tag("multi:1"));
    ImageConfig image = store.image("multi:1").config();
    assertThat(image.rootfs().diffIds()).hasSize(2);
    store.inImage(
        "multi:1",
        root -> {
          assertThat(read(root, "out.txt")).isEqualTo("built\n");
          assertThat(read(root, "base.txt")).isEqualTo("base\n");
          return null;
        });

    store.build(
        ctx,
        o -> {
          o.target = Optional.of("base");
          return o.tag("multi:base");
        });
    store.inImage("multi:base", root -> assertThat(root.resolve("out.txt")).doesNotExist());
  }

  @Test
  void sameInputsGiveTheSameImageInAFreshStore() throws IOException {
    Path ctx =
        context(
            "FROM busybox:test\nCOPY f.txt /f.txt\nRUN echo run > /r.txt\nCMD [\"cat\"]\n",
            Map.of("f.txt", "f\n"));
    var a =
        store.build(
            ctx,
            o -> {
              o.epoch = Optional.of(1_700_000_000L);
              return o;
            });
    try (BuildFixture other = new BuildFixture(Files.createDirectories(work.resolve("root2")))) {
      var b =
          other.build(
              ctx,
              o -> {
                o.epoch = Optional.of(1_700_000_000L);
                return o;
              });
      assertThat(b.result().imageId()).isEqualTo(a.result().imageId());
      assertThat(other.image(b.result().imageId().toString()).config().created())
          .hasValue(java.time.Instant.ofEpochSecond(1_700_000_000L));
    }
  }

  @Test
  void layersOfFewAndOfManyEntriesAreHeldAsTheirSnapshotsAndReadBackWhole() throws IOException {
    Map<String, String> files = new java.util.HashMap<>(Map.of("few/a.txt", "a\n"));
    for (int d = 0; d < 5; d++) {
      for (int i = 0; i < 100; i++) {
        files.put("many/d" + d + "/f" + i, "file " + d + "/" + i + "\n");
      }
    }
    Path ctx = context("FROM busybox:test\nCOPY few /few\nCOPY many /many\n", files);

    var built = store.build(ctx, o -> o.tag("held:1"));

    List<Descriptor> layers = store.image("held:1").manifest().layers();
    Descriptor few = layers.get(layers.size() - 2);
    Descriptor many = layers.getLast();
    for (Descriptor layer : List.of(few, many)) {
      assertThat(store.content.produced(layer.digest())).as("held as its snapshot").isPresent();
      assertThat(store.content.info(layer.digest())).isPresent();
      try (InputStream in = store.content.open(layer.digest())) {
        byte[] bytes = in.readAllBytes();
        assertThat(Digest.sha256(bytes)).isEqualTo(layer.digest());
        assertThat((long) bytes.length).isEqualTo(layer.size());
      }
    }
    assertThat(built.result().imageId()).isEqualTo(store.image("held:1").id());
    // the files themselves, in the layer written again as in the image's root file system
    List<String> names = new java.util.ArrayList<>();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            store.content.open(many.digest()))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
      }
    }
    assertThat(names).contains("many/d3/f42").hasSize(506); // /many, its 5 directories, 500 files
    String copied = store.inImage("held:1", root -> read(root, "many/d3/f42"));
    assertThat(copied).isEqualTo("file 3/42\n");
  }

  @Test
  void anInterruptedBuildStopsItsContainerAndLeavesNothing() throws Exception {
    Path ctx = context("FROM busybox:test\nRUN echo started && sleep 60\n", Map.of());
    java.util.concurrent.CompletableFuture<Throwable> failure =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    Thread builder =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    var request =
                        new io.berth.build.BuildRequest(
                            ctx,
                            "Dockerfile",
                            Optional.empty(),
                            Map.of(),
                            Optional.empty(),
                            List.of(io.berth.oci.ImageReference.parse("interrupted:1")),
                            Map.of(),
                            false,
                            List.of(),
                            Optional.empty(),
                            Optional.empty(),
                            "default");
                    store.builds.build(
                        request,
                        e -> {
                          if (e instanceof io.berth.event.Event.Output) {
                            running.countDown();
                          }
                        });
                    failure.complete(null);
                  } catch (Throwable t) {
                    failure.complete(t);
                  }
                });
    assertThat(running.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    builder.interrupt();
    Throwable t = failure.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(BerthException.class).hasMessageContaining("interrupted");
    assertThat(System.nanoTime() - t0)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
    assertThat(store.images.find("interrupted:1")).isEmpty();
    assertThat(store.snapshots.list().stream().filter(i -> i.name().startsWith("build-")))
        .isEmpty();
  }
}
