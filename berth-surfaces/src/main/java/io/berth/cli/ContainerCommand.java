package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth container}: the group of container commands, as docker has it. */
@Command(
    name = "container",
    description = "Manage containers.",
    subcommands = {
      AttachCommand.class,
      CpCommand.class,
      CreateCommand.class,
      ExecCommand.class,
      ContainerInspectCommand.class,
      KillCommand.class,
      LogsCommand.class,
      PsCommand.Ls.class,
      PauseCommand.class,
      PortCommand.class,
      ContainerPruneCommand.class,
      RenameCommand.class,
      StopCommand.Restart.class,
      RmCommand.Remove.class,
      RunCommand.class,
      StartCommand.class,
      StatsCommand.class,
      StopCommand.class,
      TopCommand.class,
      PauseCommand.Unpause.class,
      WaitCommand.class
    })
final class ContainerCommand extends GroupCommand {}
