package io.berth.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian 12's docker-compose (v1.29, python, docker-py inside) against a berth daemon, as a user
 * runs it with {@code DOCKER_HOST}: a project of two services, one built from a Dockerfile and
 * published on a host port, one from an image reaching the first by its service name; {@code up
 * -d}, {@code ps}, {@code logs}, {@code exec}, a changed setting that makes {@code up -d} recreate
 * a container (compose renames the old one, creates the new one, removes the old), a build through
 * docker-py's own builder, and {@code down} removing containers and network.
 */
class ComposeIT {
  private static final String PROJECT = "berthit";

  @TempDir static Path dir;
  private static TestDaemon daemon;
  private static ToolRun tools;
  private static Path project;
  private static int webPort;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    tools = new ToolRun(daemon, dir);
    tools.makeBaseImages("busybox");
    project = dir.resolve("project");
    copy(ToolRun.resource("compose"), project);
    try (ServerSocket free = new ServerSocket(0)) {
      webPort = free.getLocalPort();
    }
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
      ToolRun.removeTree(daemon.root());
    }
  }

  @Test
  void aProjectComesUpIsListedLogsIsRecreatedAndGoesDown() throws Exception {
    // Up: the web image is built (through the docker CLI, compose's default), network and
    // containers are made and started in dependency order.
    ToolRun.Result up = compose("hello", "up", "-d");
    assertThat(up.all()).contains("Creating network \"berthit_default\"", "Successfully built");
    assertThat(webAnswer()).isEqualTo("hello from the web service\n");

    ToolRun.Result ps = compose("hello", "ps");
    assertThat(ps.out().lines().skip(2).toList())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("berthit_web_1").contains(" Up "))
        .anySatisfy(l -> assertThat(l).startsWith("berthit_worker_1").contains(" Up "));
    assertThat(ps.out()).contains("0.0.0.0:" + webPort + "->8080/tcp");
    assertThat(compose("hello", "ps", "-q").out().lines().toList()).hasSize(2);

    // The worker reaches the web service by its name on the project's network.
    String logs = awaitLogs("worker", "hello from the web service");
    assertThat(logs).contains("worker says hello");
    assertThat(compose("hello", "logs", "--no-color", "web").out()).contains("response:200");
    assertThat(compose("hello", "exec", "-T", "web", "cat", "/www/index.html").out())
        .isEqualTo("hello from the web service\n");

    // A changed environment makes up recreate the worker and leave the web service alone.
    String webId = containerId("web");
    String workerId = containerId("worker");
    ToolRun.Result recreated = compose("bonjour", "up", "-d");
    assertThat(recreated.err()).contains("Recreating berthit_worker_1");
    assertThat(containerId("web")).isEqualTo(webId);
    assertThat(containerId("worker")).isNotEqualTo(workerId);
    assertThat(awaitLogs("worker", "worker says bonjour")).doesNotContain("worker says hello");
    assertThat(names()).containsExactlyInAnyOrder("berthit_web_1", "berthit_worker_1");

    // docker-py's own builder (POST /build with compose's tar of the context).
    ToolRun.Result built =
        tools.run(
            command("build", "--no-cache", "web"),
            project,
            Map.of("COMPOSE_DOCKER_CLI_BUILD", "0", "WEB_PORT", "" + webPort, "GREETING", "x"));
    assertThat(built.code()).as(built.all()).isZero();
    assertThat(built.out()).contains("Successfully tagged berthit_web:latest");

    // Down: containers stopped and removed, the network removed.
    ToolRun.Result down = compose("bonjour", "down");
    assertThat(down.err()).contains("Removing berthit_web_1", "Removing network berthit_default");
    assertThat(names()).isEmpty();
    assertThat(tools.docker(dir, "network", "ls", "--format", "{{.Name}}").out())
        .doesNotContain("berthit");
  }

  private static ToolRun.Result compose(String greeting, String... args) {
    ToolRun.Result result =
        tools.run(
            command(args),
            project,
            Map.of("WEB_PORT", Integer.toString(webPort), "GREETING", greeting));
    assertThat(result.code()).as("docker-compose %s: %s", List.of(args), result.all()).isZero();
    return result;
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT));
    command.addAll(List.of(args));
    return command;
  }

  private static String containerId(String service) {
    return compose("bonjour", "ps", "-q", service).out().strip();
  }

  private static List<String> names() {
    String out =
        tools
            .docker(
                dir,
                "ps",
                "-a",
                "--filter",
                "label=com.docker.compose.project=" + PROJECT,
                "--format",
                "{{.Names}}")
            .out();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String awaitLogs(String service, String text) {
    String logs = "";
    for (int i = 0; i < 100; i++) {
      logs = compose("bonjour", "logs", "--no-color", service).out();
      if (logs.contains(text)) {
        return logs;
      }
      ToolRun.sleep(200);
    }
    throw new AssertionError(service + " never logged \"" + text + "\": " + logs);
  }

  private static String webAnswer() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + webPort + "/");
    try (HttpClient http = HttpClient.newHttpClient()) {
      Exception last = null;
      for (int i = 0; i < 50; i++) {
        try {
          HttpResponse<String> answer =
              http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
          return answer.body();
        } catch (java.io.IOException e) {
          last = e;
          ToolRun.sleep(100);
        }
      }
      throw new AssertionError("nothing answered on " + uri, last);
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
