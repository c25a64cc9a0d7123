package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins against Debian's {@code docker-registry} with htpasswd (basic) authentication: {@code
 * berth login}/{@code logout}, {@code docker login} through berth's {@code POST /auth}, and the
 * credentials each sends with push and pull.
 */
class RegistryAuthIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;
  private TestDaemon daemon;
  private Process registry;
  private String host;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    host = "localhost:" + port;
    Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", "tester", "s3cret").start();
    byte[] line = htpasswd.getInputStream().readAllBytes();
    assertThat(htpasswd.waitFor()).isZero();
    Files.write(dir.resolve("htpasswd"), line);
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        auth:
          htpasswd:
            realm: berth-test
            path: %s
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(dir.resolve("registry-data"), dir.resolve("htpasswd"), port));
    registry =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(status).isEqualTo(401);
        break;
      } catch (java.io.IOException e) {
        assertThat(registry.isAlive()).as(Files.readString(dir.resolve("registry.log"))).isTrue();
        assertThat(System.nanoTime()).as("the registry did not answer").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    daemon = TestDaemon.start(dir.resolve("d"));
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    Path tar = dir.resolve("rootfs.tar");
    assertThat(
            new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    assertThat(berth("import", tar.toString(), host + "/private:1").code()).isZero();
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
    registry.destroy();
    registry.waitFor(10, TimeUnit.SECONDS);
  }

  /** berth with its own config directory and docker's, both under the test's directory. */
  private CliRun berth(String... args) {
    return CliRun.of(
        Map.of(
            "BERTH_HOST",
            daemon.host(),
            "BERTH_CONFIG",
            dir.resolve("berth-config").toString(),
            "DOCKER_CONFIG",
            dir.resolve("docker-config").toString()),
        args);
  }

  private String docker(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void berthLogsInAndPushesAndPullsWithItsCredentials() {
    CliRun anonymous = berth("push", host + "/private:1");
    assertThat(anonymous.code()).isEqualTo(1);
    assertThat(anonymous.err()).contains("no basic auth credentials");

    CliRun wrong = berth("login", "-u", "tester", "-p", "nope", host);
    assertThat(wrong.code()).isNotZero();
    assertThat(wrong.err())
        .contains("login attempt to http://" + host + "/v2/ failed with status: 401 Unauthorized");
    assertThat(dir.resolve("berth-config/config.json")).doesNotExist();

    CliRun login = berth("login", "-u", "tester", "-p", "s3cret", host);
    assertThat(login.code()).as(login.err()).isZero();
    assertThat(login.out()).isEqualTo("Login Succeeded\n");
    assertThat(dir.resolve("berth-config/config.json")).content().contains("\"" + host + "\"");

    CliRun push = berth("push", host + "/private:1");
    assertThat(push.code()).as(push.err()).isZero();
    assertThat(push.out()).contains("Pushed");
    assertThat(berth("rmi", host + "/private:1").code()).isZero();
    CliRun pull = berth("pull", host + "/private:1");
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(pull.out()).contains("Status: Downloaded newer image for " + host + "/private:1");

    assertThat(berth("logout", host).out())
        .isEqualTo("Removing login credentials for " + host + "\n");
    assertThat(berth("rmi", host + "/private:1").code()).isZero();
    CliRun again = berth("pull", host + "/private:1");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("no basic auth credentials");
  }

  @Test
  void dockerLoginGoesThroughBerthAndItsCredentialsServeBothClis() throws Exception {
    assertThat(docker("login", "-u", "tester", "-p", "s3cret", host)).contains("Login Succeeded");
    assertThat(docker("push", host + "/private:1")).contains("Pushed");
    docker("rmi", host + "/private:1");

    // berth's CLI falls back to docker's config file.
    CliRun pull = berth("pull", host + "/private:1");
    assertThat(pull.code()).as(pull.err()).isZero();
    assertThat(docker("logout", host)).contains("Removing login credentials");
  }
}
