package io.berth.dockerfile;

import java.util.Objects;

/** Something the parser accepted but would rather not have seen, with BuildKit's rule name. */
public record ParseWarning(SourceRange range, String rule, String message) {

  public ParseWarning {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }
}
