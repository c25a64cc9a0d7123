package io.berth.cli;

import io.berth.errors.BerthException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command: docker's commands and flags, spoken to a berth daemon. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A container engine for Linux that speaks Docker's API.",
    subcommands = {CommandLine.HelpCommand.class, BuildCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI with {@code args} and returns the exit code; used by tests too. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with its output and errors going to the given writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (!(e instanceof BerthException be)) {
            throw e;
          }
          // TODO(#2): one shared handler mapping every ErrorKind to a documented exit code.
          line.getErr().println("berth: " + be.getMessage());
          line.getErr().flush();
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
