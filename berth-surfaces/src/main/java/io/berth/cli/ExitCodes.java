package io.berth.cli;

import io.berth.errors.ErrorKind;

/** The one place where a failure becomes an exit code, as docs/cli.md documents them. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /** Most failures, daemon errors and an unknown command among them. */
  static final int ERROR = 1;

  /** A flag error (for every command, as docker does), and a daemon error in {@code run}. */
  static final int USAGE = 125;

  /** {@code run}: the container's command cannot be invoked. */
  static final int CANNOT_INVOKE = 126;

  /** {@code run}: the container's command is not found. */
  static final int COMMAND_NOT_FOUND = 127;

  private ExitCodes() {}

  /** The exit code of a failure of {@code kind} in a command that follows {@code policy}. */
  static int of(ErrorKind kind, Object command) {
    if (command instanceof RunsContainer) {
      return USAGE;
    }
    return ERROR;
  }

  /**
   * A command that, like {@code docker run}, exits 125 when the daemon fails, keeping 1..124 and
   * 126..255 for the container's own exit code.
   */
  interface RunsContainer {}
}
