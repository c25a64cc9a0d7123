package io.berth.cli.template;

/** A failure while executing a template, turned into a positioned BerthException by Exec. */
final class ExecError extends RuntimeException {
  ExecError(String message) {
    super(message, null, false, false);
  }
}
