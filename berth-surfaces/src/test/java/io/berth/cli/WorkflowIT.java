package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday workflow of the README, on the examples of {@code examples/}, through berth's own
 * CLI ({@code bin/berth}, as a user runs it) and through the real docker CLI against the same
 * daemon: build 1.0, run it in the background under a name, see its output, change the source,
 * build 1.1 with the unchanged steps from the cache, replace the container, see the new output.
 * What the two CLIs print for the same state is compared line by line.
 *
 * <p>The base images come from {@code scripts/make-base-images.sh}, as a newcomer makes them:
 * busybox from Debian's busybox-static, python:3-slim from debootstrap (cached in {@code
 * /var/cache/berth/base-images} after the first run).
 */
class WorkflowIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String DOCKER_CLI =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir static Path dir;
  private static TestDaemon daemon;

  /** One command's outcome. */
  private record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** A client of the daemon: berth's launcher or the docker CLI. */
  private enum Client {
    BERTH,
    DOCKER;

    Result run(String... args) {
      return WorkflowIT.run(command(args), dir);
    }

    Result runIn(Path cwd, String... args) {
      return WorkflowIT.run(command(args), cwd);
    }

    private List<String> command(String... args) {
      List<String> command = new ArrayList<>();
      command.add(this == BERTH ? REPO.resolve("bin/berth").toString() : DOCKER_CLI);
      command.addAll(List.of(args));
      return command;
    }

    String cacheHitWord() {
      // berth prints BuildKit's step lines; the docker CLI 28 without buildx uses the classic
      // builder protocol, whose message for a reused step is "Using cache".
      return this == BERTH ? "CACHED" : "Using cache";
    }
  }

  @BeforeAll
  static void startDaemonAndMakeBaseImages() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    Result made =
        run(
            List.of(REPO.resolve("scripts/make-base-images.sh").toString()),
            REPO,
            Map.of("BERTH", REPO.resolve("bin/berth").toString()));
    assertThat(made.code()).as(made.all()).isZero();
    assertThat(Client.BERTH.run("image", "inspect", "busybox:latest", "python:3-slim").code())
        .isZero();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void theBusyboxHttpdExampleThroughBothClients() throws Exception {
    for (Client client : Client.values()) {
      walkThrough(
          client,
          "busybox-httpd",
          "index.html",
          text -> text.replace("version 1.0", "version 1.1"),
          "Serving \"Bonjour from busybox httpd, version %s\" from /www",
          List.of("wget", "-q", "-O", "-", "http://127.0.0.1:8080/"),
          "version %s</title>");
    }
  }

  @Test
  void thePythonExampleThroughBothClients() throws Exception {
    for (Client client : Client.values()) {
      walkThrough(
          client,
          "python-app",
          "greeting.py",
          text -> text.replace("VERSION = \"1.0\"", "VERSION = \"1.1\""),
          "Bonjour from app version %s - listening on port 8000",
          List.of(
              "python3",
              "-c",
              "import urllib.request as u;"
                  + " print(u.urlopen('http://127.0.0.1:8000/').read().decode(), end='')"),
          "Bonjour from app version %s\n");
    }
  }

  @Test
  void bothClientsPrintTheSameListingsAndErrors() throws Exception {
    Path context = copyExample("busybox-httpd", "listings");
    assertThat(Client.BERTH.runIn(context, "build", "-q", "-t", "listing:1.0", ".").code())
        .isZero();
    Result started =
        Client.DOCKER.run("run", "-d", "--name", "listed", "-l", "role=web", "listing:1.0");
    assertThat(started.code()).as(started.all()).isZero();
    awaitLog(Client.BERTH, "listed", "Serving");
    Result exited = Client.BERTH.run("run", "--name", "done", "listing:1.0", "sh", "-c", "exit 3");
    assertThat(exited.code()).isEqualTo(3);

    // The listings people read most, with times made comparable (a second may pass between).
    for (List<String> listing :
        List.of(
            List.of("ps"),
            List.of("ps", "-a"),
            List.of("ps", "-a", "--no-trunc"),
            List.of("ps", "-q"),
            List.of("ps", "--filter", "label=role=web", "--format", "{{.Names}} {{.Status}}"),
            List.of("images"),
            List.of("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"),
            List.of("image", "ls", "listing"),
            List.of("history", "listing:1.0"),
            List.of("logs", "listed"),
            List.of("inspect", "--format", "{{.State.Status}} {{.Config.Image}}", "listed"),
            List.of("inspect", "--format", "{{.State.ExitCode}} {{json .Config.Cmd}}", "done"),
            List.of("image", "inspect", "--format", "{{json .Config.Entrypoint}}", "listing:1.0"),
            List.of("port", "listed"),
            List.of("volume", "ls"))) {
      String[] args = listing.toArray(String[]::new);
      Result docker = Client.DOCKER.run(args);
      Result berth = Client.BERTH.run(args);
      assertThat(berth.code()).as("berth %s: %s", listing, berth.all()).isEqualTo(docker.code());
      assertThat(comparable(berth.out()))
          .as("berth %s against docker %s", listing, listing)
          .isEqualTo(comparable(docker.out()));
    }

    // The errors people meet most: the same text on stderr and the same exit code.
    for (List<String> mistake :
        List.of(
            List.of("run", "--name", "listed", "listing:1.0"),
            List.of("create", "--name", "listed", "listing:1.0"),
            List.of("run", "--memory", "lots", "listing:1.0"),
            List.of("run", "-v", "relative:/x:bad", "listing:1.0"),
            List.of("run", "--rm", "nothing-here:1.0"),
            List.of("run", "--rm", "listing:1.0", "no-such-command"),
            List.of("logs", "nobody"),
            List.of("rm", "nobody"),
            List.of("rmi", "nothing-here:1.0"),
            List.of("stop", "nobody"))) {
      String[] args = mistake.toArray(String[]::new);
      Result docker = Client.DOCKER.run(args);
      Result berth = Client.BERTH.run(args);
      assertThat(berth.code()).as("berth %s: %s", mistake, berth.all()).isEqualTo(docker.code());
      assertThat(docker.code()).as("docker %s", mistake).isNotZero();
      assertThat(berth.err())
          .as("berth %s against docker %s", mistake, mistake)
          .isEqualTo(asBerth(docker.err()));
    }

    assertThat(Client.BERTH.run("rm", "-f", "listed", "done").code()).isZero();
  }

  /** The README's workflow on one example with one client. */
  private static void walkThrough(
      Client client,
      String example,
      String sourceFile,
      UnaryOperator<String> edit,
      String startLine,
      List<String> fetch,
      String answer)
      throws Exception {
    String name = client.name().toLowerCase() + "-" + example;
    Path context = copyExample(example, name);

    // Build 1.0 and run it in the background under a name.
    Result built = client.runIn(context, "build", "-t", name + ":1.0", ".");
    assertThat(built.code()).as(built.all()).isZero();
    Result started = client.run("run", "--name", name, "-d", name + ":1.0");
    assertThat(started.code()).as(started.all()).isZero();
    assertThat(started.out()).matches("[0-9a-f]{64}\n");
    awaitLog(client, name, startLine.formatted("1.0"));
    assertThat(client.run("ps", "--format", "{{.Names}} {{.Image}} {{.Status}}").out())
        .containsPattern(name + " " + name + ":1\\.0 Up .*");
    assertThat(exec(client, name, fetch)).contains(answer.formatted("1.0"));

    // Change the source, build 1.1: the steps before the changed COPY come from the cache.
    Path source = context.resolve(sourceFile);
    Files.writeString(source, edit.apply(Files.readString(source)));
    Result rebuilt = client.runIn(context, "build", "-t", name + ":1.1", ".");
    assertThat(rebuilt.code()).as(rebuilt.all()).isZero();
    assertThat(rebuilt.out()).contains(client.cacheHitWord());
    assertThat(imageId(client, name + ":1.1")).isNotEqualTo(imageId(client, name + ":1.0"));

    // Replace the container: the new one runs the new source.
    Result removed = client.run("rm", "-f", name);
    assertThat(removed).isEqualTo(new Result(0, name + "\n", ""));
    Result again = client.run("run", "--name", name, "-d", name + ":1.1");
    assertThat(again.code()).as(again.all()).isZero();
    awaitLog(client, name, startLine.formatted("1.1"));
    assertThat(client.run("logs", name).out()).doesNotContain(startLine.formatted("1.0"));
    assertThat(exec(client, name, fetch)).contains(answer.formatted("1.1"));
    assertThat(client.run("rm", "-f", name).code()).isZero();
    assertThat(client.run("ps", "-a", "--format", "{{.Names}}").out()).doesNotContain(name);
  }

  private static String exec(Client client, String container, List<String> command) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(command);
    // The server may need a moment after its first log line to accept connections.
    Result r = null;
    for (int i = 0; i < 50; i++) {
      r = client.run(args.toArray(String[]::new));
      if (r.code() == 0) {
        return r.out();
      }
      sleep(100);
    }
    throw new AssertionError("exec " + command + " in " + container + " failed: " + r.all());
  }

  private static String imageId(Client client, String image) {
    Result r = client.run("image", "inspect", "--format", "{{.Id}}", image);
    assertThat(r.code()).as(r.all()).isZero();
    return r.out().strip();
  }

  private static void awaitLog(Client client, String container, String line) {
    String logs = "";
    for (int i = 0; i < 100; i++) {
      logs = client.run("logs", container).all();
      if (logs.contains(line)) {
        return;
      }
      sleep(100);
    }
    throw new AssertionError(container + " never printed \"" + line + "\"; its logs: " + logs);
  }

  /** Times a second apart read the same, and column padding that follows them too. */
  private static String comparable(String output) {
    return output
        .replaceAll("(About a|An|Less than a|\\d+) (second|minute)s? ago", "<when>")
        .replaceAll("Up (About a|Less than a|\\d+) (second|minute)s?", "Up <while>")
        .replaceAll(" {2,}", "  ");
  }

  /** What the docker CLI printed, with its own name where berth prints {@code berth}. */
  private static String asBerth(String err) {
    return err.replace("docker: ", "berth: ")
        .replace("'docker ", "'berth ")
        .replace("Usage:  docker ", "Usage:  berth ");
  }

  private static Path copyExample(String example, String as) throws IOException {
    Path from = REPO.resolve("examples").resolve(example);
    Path to = dir.resolve("ctx").resolve(as);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    // 0700, as the mktemp -d of run-example.sh makes the copy it builds.
    Files.setPosixFilePermissions(
        to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return to;
  }

  private static Result run(List<String> command, Path cwd) {
    return run(command, cwd, Map.of());
  }

  private static Result run(List<String> command, Path cwd, Map<String, String> extraEnv) {
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
      pb.environment().put("BERTH_HOST", daemon.host());
      pb.environment().put("DOCKER_HOST", daemon.host());
      pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
      pb.environment().put("DOCKER_BUILDKIT", "0");
      pb.environment().putAll(extraEnv);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process process = pb.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end in 10 minutes");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
