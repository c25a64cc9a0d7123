package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth system}: the group of system commands (see {@link Commands}). */
@Command(name = "system", description = "Manage berth.")
final class SystemCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
