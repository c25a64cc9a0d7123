package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code docker build} (the classic builder, without buildx) against POST /build. */
class DockerBuildIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;
  private final RecordingBuildService builds = new RecordingBuildService();
  private BuildServer server;
  private Path context;

  @BeforeEach
  void start() throws Exception {
    server = BuildServer.start(builds, dir.resolve("d"));
    context = Files.createDirectory(dir.resolve("ctx"));
    Files.writeString(context.resolve("app.py"), "print(1)\n");
    Files.writeString(context.resolve(".dockerignore"), "secret.txt\n");
    Files.writeString(context.resolve("secret.txt"), "s3cr3t\n");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private record Result(int code, String out) {}

  private Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", server.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.environment().remove("DOCKER_BUILDKIT");
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void buildShowsTheStepsAndTags() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN make\n");
    Result r = docker("build", "-t", "mon_image:1.0", "-t", "other:2", context.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Step 1/2 : FROM busybox\n ---> Using cache\n")
        .contains("Step 2/2 : RUN make\n ---> Cache miss: no cache record\nran 2\n")
        .containsPattern("Successfully built [0-9a-f]{12}\n")
        .contains("Successfully tagged mon_image:1.0\n")
        .contains("Successfully tagged other:2\n");
    assertThat(builds.requests.getFirst().tags()).hasSize(2);
  }

  @Test
  void quietPrintsTheImageIdOnly() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n");
    Path iid = dir.resolve("iid");
    Result r = docker("build", "-q", "--iidfile", iid.toString(), context.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out().lines().filter(l -> !l.contains("DEPRECATED") && !l.isBlank()).toList())
        .as(r.out())
        .anySatisfy(l -> assertThat(l).matches("sha256:[0-9a-f]{64}"))
        .noneSatisfy(l -> assertThat(l).startsWith("Step"));
    // the docker CLI writes in quiet mode the line it printed, newline included
    assertThat(Files.readString(iid).strip()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void aFailingRunExits1WithTheMessage() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN false\n");
    Result r = docker("build", context.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains("about to fail")
        .contains("The command '/bin/sh -c false' returned a non-zero code: 1");
  }

  @Test
  void theIgnoreFileKeepsFilesOutAndBuildArgsAndLabelsArrive() throws Exception {
    Files.writeString(context.resolve("Dockerfile.dev"), "FROM busybox\n");
    Result r =
        docker(
            "build",
            "-f",
            context.resolve("Dockerfile.dev").toString(),
            "--build-arg",
            "A=1",
            "--label",
            "x=y",
            "--target",
            "t",
            context.toString());
    assertThat(r.code()).as(r.out()).isZero();
    var request = builds.requests.getFirst();
    assertThat(request.dockerfile()).isEqualTo("Dockerfile.dev");
    assertThat(request.buildArgs()).containsEntry("A", "1");
    assertThat(request.labels()).containsEntry("x", "y");
    assertThat(request.target()).contains("t");
  }
}
