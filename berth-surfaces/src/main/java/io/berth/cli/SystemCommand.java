package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth system}: the group of system commands. */
// TODO(#3): system prune (containers, images, volumes, build cache in one go).
@Command(
    name = "system",
    description = "Manage berth.",
    subcommands = {
      InfoCommand.class,
      EventsCommand.class,
      SystemDfCommand.class,
      SystemVerifyCommand.class
    })
final class SystemCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
