package io.berth.cli;

import io.berth.errors.BerthException;
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

  /** Fails clearly until the template engine is wired in. */
  void requireDefault(String command) {
    if (template().isPresent()) {
      // TODO(#3): render with io.berth.cli.template once it lands in main.
      throw BerthException.notImplemented("berth " + command + " --format");
    }
  }
}
