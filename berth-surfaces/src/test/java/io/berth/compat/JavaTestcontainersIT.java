package io.berth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers, unchanged, against a berth daemon: the test points it at the daemon's socket as a
 * user sets {@code DOCKER_HOST}; {@code testcontainers.properties} on the test class path names the
 * resource reaper built here (Ryuk's protocol, from {@code compat/reaper}) since nothing can be
 * pulled from Docker Hub. Containers start, are waited for by log line and by HTTP on a published
 * port, exec, give their logs, receive and give files, stop; an image is built from a Dockerfile;
 * two containers meet on a network by alias; and the reaper removes what a session left behind.
 * (Not named {@code Testcontainers…IT}: surefire would take a {@code Test…} class as a unit test.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaTestcontainersIT {
  private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");

  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static ToolRun tools;

  @BeforeAll
  static void startDaemonAndPointTestcontainersAtIt() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    tools = new ToolRun(daemon, dir);
    tools.makeBaseImages("busybox", "python");
    tools.docker(ToolRun.resource("reaper"), "build", "-q", "-t", "berth-test/reaper:1", ".");
    System.setProperty("DOCKER_HOST", daemon.host());
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    System.clearProperty("DOCKER_HOST");
    if (daemon != null) {
      daemon.close();
      ToolRun.removeTree(daemon.root());
    }
  }

  @Test
  @Order(1)
  void aContainerIsWaitedForByItsLogAndExecsLogsAndStops() throws Exception {
    String id;
    try (GenericContainer<?> box =
        new GenericContainer<>(BUSYBOX)
            .withCommand("sh", "-c", "echo booting; sleep 0.3; echo ready to serve; exec sleep 600")
            .withEnv("GREETING", "bonjour")
            .withLabel("purpose", "testcontainers-it")
            .waitingFor(Wait.forLogMessage(".*ready to serve.*\\n", 1))) {
      box.start();
      id = box.getContainerId();
      assertThat(box.isRunning()).isTrue();
      assertThat(box.getLogs()).isEqualTo("booting\nready to serve\n");
      assertThat(box.getLogs(OutputFrame.OutputType.STDOUT)).contains("ready to serve");

      ExecResult greeting =
          box.execInContainer("sh", "-c", "echo $GREETING; echo oops >&2; exit 4");
      assertThat(greeting.getExitCode()).isEqualTo(4);
      assertThat(greeting.getStdout()).isEqualTo("bonjour\n");
      assertThat(greeting.getStderr()).isEqualTo("oops\n");

      box.copyFileToContainer(Transferable.of("copied in\n"), "/tmp/in.txt");
      assertThat(box.execInContainer("cat", "/tmp/in.txt").getStdout()).isEqualTo("copied in\n");
      String copiedOut =
          box.copyFileFromContainer("/tmp/in.txt", in -> new String(in.readAllBytes()));
      assertThat(copiedOut).isEqualTo("copied in\n");

      var inspected = box.getDockerClient().inspectContainerCmd(id).exec();
      assertThat(inspected.getConfig().getLabels())
          .containsEntry("purpose", "testcontainers-it")
          .containsKey("org.testcontainers.sessionId");
    }
    assertThat(tools.docker(dir, "ps", "-aq", "--no-trunc").out()).doesNotContain(id);
  }

  @Test
  @Order(2)
  void anExposedPortIsReachedFromTheHost() throws Exception {
    try (GenericContainer<?> web =
        new GenericContainer<>(BUSYBOX)
            .withCommand(
                "sh",
                "-c",
                "mkdir -p /www && echo hello over http > /www/index.html"
                    + " && exec httpd -f -p 8080 -h /www")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/").forStatusCode(200))) {
      web.start();
      URI uri = URI.create("http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/");
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("hello over http\n");
      }
    }
  }

  @Test
  @Order(3)
  void anImageBuiltFromADockerfileRuns() throws Exception {
    Path context = dir.resolve("context");
    Files.createDirectories(context);
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM busybox:latest
        ARG FLAVOUR=plain
        COPY note.txt /note.txt
        RUN echo "built $FLAVOUR" > /flavour.txt
        CMD ["sh", "-c", "cat /note.txt /flavour.txt; exec sleep 600"]
        """);
    Files.writeString(context.resolve("note.txt"), "from the context\n");
    ImageFromDockerfile image =
        new ImageFromDockerfile("berth-test/from-dockerfile", false)
            .withFileFromPath(".", context)
            .withBuildArg("FLAVOUR", "spicy");
    try (GenericContainer<?> built =
        new GenericContainer<>(image).waitingFor(Wait.forLogMessage(".*built spicy.*\\n", 1))) {
      built.start();
      assertThat(built.getLogs()).isEqualTo("from the context\nbuilt spicy\n");
    }
    assertThat(tools.docker(dir, "images", "--format", "{{.Repository}}:{{.Tag}}").out())
        .contains("berth-test/from-dockerfile:");
  }

  @Test
  @Order(4)
  void containersOnANetworkReachEachOtherByAlias() throws Exception {
    try (Network network = Network.newNetwork();
        GenericContainer<?> server =
            new GenericContainer<>(BUSYBOX)
                .withNetwork(network)
                .withNetworkAliases("greeter")
                .withCommand(
                    "sh",
                    "-c",
                    "mkdir -p /www && echo hello neighbour > /www/index.html"
                        + " && echo serving && exec httpd -f -p 80 -h /www")
                .waitingFor(Wait.forLogMessage("serving\\n", 1));
        GenericContainer<?> client =
            new GenericContainer<>(BUSYBOX).withNetwork(network).withCommand("sleep", "600")) {
      server.start();
      client.start();
      ExecResult fetched = client.execInContainer("wget", "-q", "-O", "-", "http://greeter/");
      assertThat(fetched.getStdout()).as(fetched.getStderr()).isEqualTo("hello neighbour\n");
    }
  }

  @Test
  @Order(5)
  void theReaperRemovesWhatTheSessionLeftOnceTestcontainersIsGone() throws Exception {
    // A container the test never stops, as a crashed test run leaves one.
    GenericContainer<?> left = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600");
    left.start();
    String id = left.getContainerId();
    String session = DockerClientFactory.SESSION_ID;
    assertThat(running("label=org.testcontainers.sessionId=" + session)).contains(id);

    // Testcontainers holds its connection to the reaper until its JVM exits; ending the thread
    // that holds it is what the reaper sees of an exit.
    Thread holder =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("testcontainers-ryuk"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no testcontainers-ryuk thread"));
    holder.setUncaughtExceptionHandler((t, e) -> {});
    holder.interrupt();
    holder.join(Duration.ofSeconds(10));
    assertThat(holder.isAlive()).isFalse();

    // After its reconnection timeout (10 s) the reaper removes the container and itself.
    List<String> remaining = List.of(id);
    for (int i = 0; i < 600 && !remaining.isEmpty(); i++) {
      ToolRun.sleep(100);
      remaining = running("label=org.testcontainers=true");
    }
    assertThat(remaining).as("containers of the session after 60 s").isEmpty();
  }

  private static List<String> running(String filter) {
    String out = tools.docker(dir, "ps", "-a", "-q", "--no-trunc", "--filter", filter).out();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
