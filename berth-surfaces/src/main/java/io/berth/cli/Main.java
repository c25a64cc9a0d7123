package io.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command: docker's commands and flags, spoken to a berth daemon. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A container engine for Linux that speaks Docker's API.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI with {@code args} and returns the exit code; used by tests too. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
