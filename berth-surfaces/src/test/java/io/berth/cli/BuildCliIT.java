package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.BuildServer;
import io.berth.api.RecordingBuildService;
import io.berth.build.BuildRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth build} against POST /build on a socket, in the test's JVM. */
class BuildCliIT {
  @TempDir Path dir;
  private final RecordingBuildService builds = new RecordingBuildService();
  private BuildServer server;
  private Map<String, String> env;
  private Path context;

  @BeforeEach
  void start() throws Exception {
    server = BuildServer.start(builds, dir.resolve("d"));
    env = Map.of("BERTH_HOST", server.host(), "FROM_ENV", "from-env");
    context = Files.createDirectory(dir.resolve("ctx"));
    Files.writeString(context.resolve("app.py"), "print(1)\n");
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\nnode_modules\n");
    Files.writeString(context.resolve("secret.txt"), "s3cr3t\n");
    Files.createDirectories(context.resolve("node_modules/x"));
    Files.writeString(context.resolve("node_modules/x/i.js"), "x");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    BuildCommand.stdin = System.in;
  }

  @Test
  void buildsWithPlainProgressAndSendsOnlyWhatIsNeeded() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN make\n");
    CliRun run =
        CliRun.of(
            env,
            "build",
            "--progress=plain",
            "-t",
            "mon_image:1.0",
            "--build-arg",
            "A=1",
            "--build-arg",
            "FROM_ENV",
            "--label",
            "k=v",
            context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("#1 [1/2] FROM busybox\n#1 CACHED\n")
        .contains("#2 [2/2] RUN make\n#2 cache miss: no cache record\n#2 ran 2\n")
        .contains("Successfully tagged mon_image:1.0\n");
    assertThat(builds.contextFiles.getFirst())
        .containsExactly(".dockerignore", "Dockerfile", "app.py");
    assertThat(builds.requests.getFirst().buildArgs())
        .isEqualTo(Map.of("A", "1", "FROM_ENV", "from-env"));
    assertThat(builds.requests.getFirst().labels()).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void sourceDateEpochInTheEnvironmentIsABuildArgumentUnlessOneIsGiven() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    Map<String, String> withEpoch = new java.util.HashMap<>(env);
    withEpoch.put("SOURCE_DATE_EPOCH", "1700000000");
    CliRun run = CliRun.of(withEpoch, "build", "-q", context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(builds.requests.getLast().buildArgs())
        .containsEntry("SOURCE_DATE_EPOCH", "1700000000");
    assertThat(builds.requests.getLast().sourceDateEpoch()).contains(1700000000L);

    run =
        CliRun.of(
            withEpoch, "build", "-q", "--build-arg", "SOURCE_DATE_EPOCH=5", context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(builds.requests.getLast().sourceDateEpoch()).contains(5L);
  }

  @Test
  void quietPrintsOnlyTheIdAndTheIidFileHoldsIt() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    Path iid = dir.resolve("iid");
    CliRun run = CliRun.of(env, "build", "-q", "--iidfile", iid.toString(), context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches("sha256:[0-9a-f]{64}\n");
    assertThat(iid).hasContent(run.out().strip());
  }

  @Test
  void aFailingRunExits1WithTheMessage() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN false\n");
    CliRun run = CliRun.of(env, "build", "--progress=tty", context.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("[2/2] RUN false\n    about to fail\n  => ERROR");
    assertThat(run.err())
        .contains("The command '/bin/sh -c false' returned a non-zero code: 1 (Dockerfile:2)");
  }

  @Test
  void aDockerfileFromStdinAndAnotherOutsideTheContext() throws Exception {
    BuildCommand.stdin = stdin("FROM busybox\nRUN from-stdin\n");
    CliRun run = CliRun.of(env, "build", "-q", "-f", "-", context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(builds.dockerfiles.getFirst()).isEqualTo("FROM busybox\nRUN from-stdin");
    assertThat(builds.requests.getFirst().dockerfile()).startsWith(".dockerfile.");

    Path elsewhere = Files.writeString(dir.resolve("other.Dockerfile"), "FROM other\n");
    run = CliRun.of(env, "build", "-q", "-f", elsewhere.toString(), context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(builds.dockerfiles.get(1)).isEqualTo("FROM other");
  }

  @Test
  void aContextOnStdinAsADockerfile() throws Exception {
    BuildCommand.stdin = stdin("FROM busybox\n");
    CliRun run = CliRun.of(env, "build", "-q", "-");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(builds.contextFiles.getFirst()).containsExactly("Dockerfile");
  }

  @Test
  void flagErrorsAre125AndWhatBerthLacksIsSaid() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    CliRun bad = CliRun.of(env, "build", "--progress=fancy", context.toString());
    assertThat(bad.code()).isEqualTo(125);
    assertThat(bad.err()).contains("invalid argument \"fancy\" for \"--progress\" flag");
    CliRun secret = CliRun.of(env, "build", "--secret", "id=x,src=/nothing/f", context.toString());
    assertThat(secret.code()).isEqualTo(1);
    assertThat(secret.err()).contains("--secret x: the file /nothing/f does not exist");
    CliRun missing = CliRun.of(env, "build", dir.resolve("nothing").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("not found or not a directory");
    assertThat(builds.requests).isEmpty();
  }

  @Test
  void aLocalContextIsReadInPlaceAndATarIsSentOnRequest() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    CliRun run = CliRun.of(env, "build", "-q", context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    BuildRequest inPlace = builds.requests.getFirst();
    assertThat(inPlace.context()).isEqualTo(context.toRealPath());
    assertThat(inPlace.contextIgnore().excludes("secret.txt")).isTrue();
    assertThat(builds.contextFiles.getFirst())
        .containsExactly(".dockerignore", "Dockerfile", "app.py");

    Map<String, String> tar = new java.util.HashMap<>(env);
    tar.put("BERTH_BUILD_CONTEXT", "tar");
    run = CliRun.of(tar, "build", "-q", context.toString());
    assertThat(run.code()).as(run.err()).isZero();
    BuildRequest sent = builds.requests.get(1);
    assertThat(sent.context()).isNotEqualTo(context.toRealPath());
    assertThat(sent.contextIgnore().rules()).isEmpty();
    assertThat(builds.contextFiles.get(1)).containsExactly(".dockerignore", "Dockerfile", "app.py");
  }

  @Test
  void secretsGoThroughBerthsChannelInBothModes() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    Path token = Files.writeString(dir.resolve("token"), "t0ken");
    for (String mode : new String[] {"in-place", "tar"}) {
      Map<String, String> e = new java.util.HashMap<>(env);
      if (mode.equals("tar")) {
        e.put("BERTH_BUILD_CONTEXT", "tar");
      }
      CliRun run =
          CliRun.of(
              e,
              "build",
              "-q",
              "--secret",
              "id=token,src=" + token,
              "--secret",
              "id=fromenv,env=FROM_ENV",
              context.toString());
      assertThat(run.code()).as(run.err()).isZero();
      Map<String, byte[]> secrets = builds.requests.getLast().secrets();
      assertThat(new String(secrets.get("token"), StandardCharsets.UTF_8)).isEqualTo("t0ken");
      assertThat(new String(secrets.get("fromenv"), StandardCharsets.UTF_8)).isEqualTo("from-env");
    }
    // the tar mode's context holds no trace of them
    assertThat(builds.contextFiles.getLast())
        .containsExactly(".dockerignore", "Dockerfile", "app.py");
  }

  @Test
  void aUrlContextIsSentForTheDaemonToFetch() throws Exception {
    CliRun run =
        CliRun.of(env, "build", "-q", "-f", "sub/Dockerfile", "https://example.com/repo.git#main");
    assertThat(run.code()).as(run.err()).isZero();
    BuildRequest request = builds.requests.getFirst();
    assertThat(request.remoteContext()).contains("https://example.com/repo.git#main");
    assertThat(request.dockerfile()).isEqualTo("sub/Dockerfile");
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
