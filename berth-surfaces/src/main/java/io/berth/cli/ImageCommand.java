package io.berth.cli;

import picocli.CommandLine.Command;

/** {@code berth image}: the group of image commands (see {@link Commands}). */
@Command(name = "image", description = "Manage images.")
final class ImageCommand extends GroupCommand {}
