package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth system}: the group of system commands (see {@link Commands}). */
@Command(name = "system", description = "Manage berth.")
final class SystemCommand extends GroupCommand {}
