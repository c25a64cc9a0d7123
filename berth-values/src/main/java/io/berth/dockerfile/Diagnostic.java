package io.berth.dockerfile;

import java.util.Objects;

/** One finding of {@link Linter}: how bad, where, which rule (BuildKit's name) and why. */
public record Diagnostic(Severity severity, SourceRange range, String rule, String message) {

  /** Whether a finding fails the check. */
  public enum Severity {
    WARNING,
    ERROR
  }

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  /** The line {@code docker build --check} would print: {@code file:line:col: Rule: message}. */
  @Override
  public String toString() {
    return range + ": " + rule + ": " + message;
  }
}
