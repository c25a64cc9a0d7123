package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.template.Formats;
import io.berth.client.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The CLI's training run for the JDK's AOT cache (JEP 483, 514, 515): {@code bin/berth} runs it
 * once with {@code -XX:AOTCacheOutput} so that later runs find the classes of the everyday commands
 * already loaded and linked. It needs no daemon: the commands run against a {@link TrainingSocket}
 * that answers every request with an empty JSON object, then against a socket that does not exist
 * (the error paths), and the JSON a daemon would answer is read from samples; a build reads a small
 * context made in a temporary directory, removed at the end. It prints nothing. The JVM loads every
 * class of the cache at start, so the commands here are the everyday ones only: usage, help and the
 * rarer commands load their classes from the jars.
 */
public final class Training {
  private static final Map<String, String> NO_DAEMON =
      Map.of("BERTH_HOST", "unix:///nonexistent/berth-aot-training.sock");

  /** How long one command may take before the training goes on without it. */
  private static final long PATIENCE_MILLIS = 15_000;

  /** Command lines as users type them. */
  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("--version"),
          List.of("version"),
          List.of("info"),
          List.of("ps"),
          List.of("ps", "-a", "-q"),
          List.of("ps", "--format", "{{.ID}} {{.Names}}"),
          List.of("images"),
          List.of("run", "--rm", "busybox", "true"),
          List.of(
              "run",
              "-d",
              "--name",
              "c",
              "-e",
              "A=1",
              "-v",
              "/tmp:/tmp",
              "-p",
              "8080:80",
              "busybox",
              "sleep",
              "9"),
          List.of("run", "-i", "busybox", "cat"),
          List.of("create", "--name", "c", "busybox"),
          List.of("start", "c"),
          List.of("stop", "c"),
          List.of("rm", "-f", "c"),
          List.of("logs", "-f", "c"),
          List.of("exec", "c", "true"),
          List.of("inspect", "c"),
          List.of("container", "ls", "-a"),
          List.of("image", "ls"),
          List.of("volume", "ls"),
          List.of("network", "ls"));

  private static final String CONTAINERS =
      """
      [{"Id":"4f66ad9a0b2b64a3bf1c1b2d7e5e8a3f9a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e",
        "Names":["/c"],"Image":"busybox","ImageID":"sha256:06bcec5ae206",
        "Command":"sleep 9","Created":1700000000,"State":"running","Status":"Up 2 seconds",
        "Ports":[],"Labels":{"a":"b"},"SizeRw":0,"SizeRootFs":0,
        "HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},
        "Mounts":[]}]
      """;

  private Training() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("picocli.disable.closures", "true"); // as Main.main does
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    Path context = buildContext();
    try (TrainingSocket socket = TrainingSocket.open()) {
      Map<String, String> answering = Map.of("BERTH_HOST", socket.host());
      for (List<String> command : COMMANDS) {
        run(sink, answering, command);
      }
      // A build reads its context in place from a berth daemon (the socket says it is one).
      run(sink, answering, List.of("build", "-q", "-t", "training:1", context.toString()));
      run(sink, answering, List.of("build", "-t", "training:1", context.toString()));
    } finally {
      try (var files = Files.walk(context)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    for (List<String> command : COMMANDS.subList(0, 10)) {
      run(sink, NO_DAEMON, command);
    }

    // What a command does with a daemon's answer: read JSON, print a listing, write a body.
    JsonNode containers = JsonTrees.read(CONTAINERS.getBytes(UTF_8));
    Jsons.read(CONTAINERS);
    Jsons.messages(
        new ByteArrayInputStream("{\"status\":\"a\"}\n{\"status\":\"b\"}".getBytes(UTF_8)),
        m -> {});
    var rows = ContainerRows.of(containers, false, Instant.now());
    Output.listing(sink, "", false, rows, PsCommand.LISTING, "{{.ID}}");
    Output.listing(sink, "{{json .}}", false, rows, PsCommand.LISTING, "{{.ID}}");
    Formats.render("table {{.ID}}\t{{.Names}}", rows, PsCommand.LISTING);
    JsonTrees.bytes(containers.get(0));
    sink.flush();
  }

  /** A small build context as people have them: a Dockerfile, an ignore file, a source file. */
  private static Path buildContext() throws IOException {
    Path dir = Files.createTempDirectory("berth-aot-training");
    Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nWORKDIR /app\nCOPY . .\n");
    Files.writeString(dir.resolve(".dockerignore"), "*.log\n");
    Files.writeString(dir.resolve("app.sh"), "echo hello\n");
    return dir;
  }

  /** Runs one command on a thread of its own, and goes on without it if it takes too long. */
  private static void run(PrintWriter sink, Map<String, String> env, List<String> command) {
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .start(() -> Main.run(sink, sink, env, command.toArray(String[]::new)));
    try {
      thread.join(PATIENCE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
