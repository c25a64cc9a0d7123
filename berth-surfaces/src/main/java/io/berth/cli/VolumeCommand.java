package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth volume}: the group of volume commands. */
@Command(
    name = "volume",
    description = "Manage volumes.",
    subcommands = {
      VolumeCreateCommand.class,
      VolumeLsCommand.class,
      VolumeInspectCommand.class,
      VolumeRmCommand.class,
      VolumePruneCommand.class
    })
final class VolumeCommand extends GroupCommand {}
