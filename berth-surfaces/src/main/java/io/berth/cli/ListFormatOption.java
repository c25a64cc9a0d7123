package io.berth.cli;

import picocli.CommandLine.Option;

/** The {@code --format} option of listings, where {@code -f} is taken by {@code --filter}. */
final class ListFormatOption {
  @Option(
      names = "--format",
      paramLabel = "STRING",
      description =
          "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go"
              + " template.")
  String format;

  /** The format given, or empty for the default table. */
  String format() {
    return format == null ? "" : format;
  }
}
