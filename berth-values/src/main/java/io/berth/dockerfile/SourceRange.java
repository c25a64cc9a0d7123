package io.berth.dockerfile;

import java.util.Objects;

/**
 * Where a piece of a Dockerfile sits: the file name and the first and last line and column
 * (1-based, columns counted in characters) it spans.
 */
public record SourceRange(String file, int startLine, int startColumn, int endLine, int endColumn) {

  public SourceRange {
    Objects.requireNonNull(file, "file");
    if (startLine < 1 || startColumn < 1 || endLine < startLine || endColumn < 1) {
      throw new IllegalArgumentException(
          "invalid source range %d:%d-%d:%d in %s"
              .formatted(startLine, startColumn, endLine, endColumn, file));
    }
  }

  /** A range covering one position. */
  public static SourceRange at(String file, int line, int column) {
    return new SourceRange(file, line, column, line, column);
  }

  /** The {@code file:line:column} prefix of messages about this range. */
  @Override
  public String toString() {
    return file + ":" + startLine + ":" + startColumn;
  }
}
