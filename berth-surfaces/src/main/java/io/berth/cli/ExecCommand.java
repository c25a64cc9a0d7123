package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.HijackedConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth exec}: a command in a running container; exits with the command's code. */
@Command(
    name = "exec",
    description = "Execute a command in a running container.",
    modelTransformer = StopAtPositional.class)
final class ExecCommand extends ClientCommand {
  @Option(
      names = {"-d", "--detach"},
      description = "Detached mode: run command in the background.")
  boolean detach;

  @Option(
      names = {"-i", "--interactive"},
      description = "Keep STDIN open even if not attached.")
  boolean interactive;

  @Option(
      names = {"-t", "--tty"},
      description = "Allocate a pseudo-TTY.")
  boolean tty;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "LIST",
      description = "Set environment variables.")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of env vars.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = {"-u", "--user"},
      paramLabel = "STRING",
      description = "Username or UID (format: \"<name|uid>[:<group|gid>]\").")
  String user;

  @Option(
      names = {"-w", "--workdir"},
      paramLabel = "STRING",
      description = "Working directory inside the container.")
  String workdir;

  @Option(names = "--privileged", description = "Give extended privileges to the command.")
  boolean privileged;

  @Option(
      names = "--detach-keys",
      paramLabel = "STRING",
      description = "Override the key sequence for detaching a container.")
  String detachKeys;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String container;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CliContext context = context();
    Optional<Integer> refused =
        Containers.refuseWithoutTerminal(context, interactive && !detach, tty);
    if (refused.isPresent()) {
      return refused.get();
    }
    ObjectNode create = body(context.env());
    Optional<int[]> size = tty ? TtySize.consoleSize(context) : Optional.empty();
    size.ifPresent(s -> create.putArray("ConsoleSize").add(s[0]).add(s[1]));
    String id =
        context
            .client()
            .post("/containers/" + container + "/exec", Map.of(), create)
            .path("Id")
            .asText();
    ObjectNode start = Jsons.object();
    start.put("Detach", detach);
    start.put("Tty", tty);
    size.ifPresent(s -> start.putArray("ConsoleSize").add(s[0]).add(s[1]));
    if (detach) {
      context.client().post("/exec/" + id + "/start", Map.of(), start);
      return ExitCodes.OK;
    }
    try (HijackedConnection connection =
            context.client().hijack("POST", "/exec/" + id + "/start", Map.of(), start);
        AutoCloseable raw = tty && interactive ? Terminals.raw(context.stdio()) : () -> {};
        TtySize follow = TtySize.follow(context, "/exec/" + id, tty)) {
      AttachPump.run(connection, context.stdio(), interactive, tty);
    }
    JsonNode exec = context.client().get("/exec/" + id + "/json", Map.of());
    if (tty && exec.path("Running").asBoolean()) {
      return AttachCommand.detached(context);
    }
    return exec.path("ExitCode").asInt();
  }

  ObjectNode body(Map<String, String> environment) {
    List<String> all = new ArrayList<>();
    envFiles.forEach(f -> all.addAll(KeyValues.env(KeyValues.file(f), environment)));
    all.addAll(KeyValues.env(env, environment));
    ObjectNode body = Jsons.object();
    body.put("AttachStdin", interactive && !detach);
    body.put("AttachStdout", !detach);
    body.put("AttachStderr", !detach);
    body.put("Tty", tty);
    body.set("Env", ContainerCreateOptions.strings(all));
    body.set("Cmd", ContainerCreateOptions.strings(command));
    body.put("Privileged", privileged);
    if (detachKeys != null) {
      body.put("DetachKeys", detachKeys);
    }
    if (user != null) {
      body.put("User", user);
    }
    if (workdir != null) {
      body.put("WorkingDir", workdir);
    }
    return body;
  }
}
