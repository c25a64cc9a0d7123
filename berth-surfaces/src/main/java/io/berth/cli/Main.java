package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code berth} command: docker's commands and flags, spoken to a berth daemon. Its commands
 * are registered by {@link Commands}, only those a run needs.
 */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A container engine for Linux that speaks Docker's API.")
public final class Main implements Runnable {

  @Option(
      names = {"-H", "--host"},
      paramLabel = "unix:///PATH",
      description =
          "Daemon socket to connect to (default: $BERTH_HOST, $DOCKER_HOST, "
              + "unix:///run/berth/berth.sock).")
  String host;

  @Option(
      names = {"-D", "--debug"},
      description = "Enable debug mode.")
  boolean debug;

  @Option(
      names = {"-l", "--log-level"},
      paramLabel = "LEVEL",
      defaultValue = "warn",
      description = "Set the logging level: debug, info, warn, error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Spec CommandSpec spec;

  private CliContext context;

  public static void main(String[] args) {
    // Neither of picocli's Groovy closure support (its look-up of a class that is not there opens
    // every jar of the class path) nor of Runtime.exit (which looks for a logging back-end in every
    // jar, to log the exit) has a short command any use: success ends by returning from main.
    System.setProperty("picocli.disable.closures", "true");
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the CLI with {@code args} and returns the exit code. */
  public static int run(String... args) {
    return run(Stdio.process(), System.getenv(), args);
  }

  /** Runs the CLI on the byte streams given, in the environment given; tests use this too. */
  static int run(Stdio stdio, Map<String, String> env, String... args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdio.out(), UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(stdio.err(), UTF_8), true);
    return run(out, err, env, stdio, args);
  }

  /** Runs the CLI with its output and errors given, in this process's environment. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /** Runs the CLI with its output, errors and environment given; tests use this. */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    return run(out, err, env, Stdio.over(out, err), args);
  }

  private static int run(
      PrintWriter out, PrintWriter err, Map<String, String> env, Stdio stdio, String... args) {
    Optional<EarlyClient> early = EarlyClient.start(args, env);
    Main main = new Main();
    CommandLine line = new CommandLine(main);
    Commands.register(line, args);
    ErrorHandler errors = new ErrorHandler();
    line.setOut(out)
        .setErr(err)
        .setExecutionStrategy(
            parsed -> {
              main.context = new CliContext(main.options(), env, out, err, stdio, early);
              Logging.configure(main.debug ? "debug" : main.logLevel);
              return new CommandLine.RunLast().execute(parsed);
            })
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** What the commands share for this run: options, environment, output, the client. */
  CliContext context() {
    return context;
  }

  GlobalOptions options() {
    return new GlobalOptions(Optional.ofNullable(host), debug, logLevel);
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }
}
