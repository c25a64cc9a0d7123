package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth volume}: the group of volume commands (see {@link Commands}). */
@Command(name = "volume", description = "Manage volumes.")
final class VolumeCommand extends GroupCommand {}
