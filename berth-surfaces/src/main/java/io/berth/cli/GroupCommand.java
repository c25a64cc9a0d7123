package io.berth.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A group of commands ({@code image}, {@code container}, {@code volume}, {@code network}…): alone
 * or with {@code --help}, its usage.
 */
abstract class GroupCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--help", usageHelp = true, description = "Print usage.")
  boolean help;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
