package io.berth.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --format} option shared by the commands that print objects. */
final class FormatOption {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "TEMPLATE",
      description = "Format the output using the given Go template.")
  String format;

  /** The template given, if any. */
  Optional<String> template() {
    return Optional.ofNullable(format).filter(f -> !f.isEmpty());
  }
}
