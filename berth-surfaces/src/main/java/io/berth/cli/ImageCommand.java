package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth image}: the group of image commands. */
@Command(
    name = "image",
    description = "Manage images.",
    subcommands = {
      ImagesCommand.Ls.class,
      RmiCommand.Rm.class,
      TagCommand.class,
      ImageInspectCommand.class,
      HistoryCommand.class,
      SaveCommand.class,
      LoadCommand.class,
      ImportCommand.class,
      PullCommand.class,
      PushCommand.class,
      ImagePruneCommand.class
    })
final class ImageCommand extends GroupCommand {}
