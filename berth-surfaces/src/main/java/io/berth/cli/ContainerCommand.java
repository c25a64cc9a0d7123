package io.berth.cli;

import picocli.CommandLine.Command;

/**
 * {@code berth container}: the group of container commands, as docker has it (see {@link
 * Commands}).
 */
@Command(name = "container", description = "Manage containers.")
final class ContainerCommand extends GroupCommand {}
