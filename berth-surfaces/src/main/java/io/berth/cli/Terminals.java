package io.berth.cli;

import io.berth.sys.SysException;
import io.berth.sys.Terminal;
import io.berth.sys.WindowSize;
import java.util.Optional;

/**
 * The local terminal, through {@link Terminal} on this process's own descriptors: whether a stream
 * is a terminal, its size, and raw mode for {@code -it}. Streams that are not the process's own (a
 * test's) are never terminals.
 */
final class Terminals {
  private Terminals() {}

  /** Whether file descriptor {@code fd} (0, 1 or 2) of this process is a terminal. */
  static boolean isTerminal(Stdio stdio, int fd) {
    return stdio.own() && Terminal.isTerminal(fd);
  }

  /** The size of the terminal the output goes to (else the input comes from), as docker asks. */
  static Optional<WindowSize> size(Stdio stdio) {
    if (!stdio.own()) {
      return Optional.empty();
    }
    Optional<WindowSize> out = Terminal.size(1);
    return out.isPresent() ? out : Terminal.size(0);
  }

  /**
   * Puts the input terminal in raw mode and returns what restores it, also when the JVM exits
   * without reaching that (a signal, {@code System.exit}); a no-op when stdin is not a terminal.
   */
  static AutoCloseable raw(Stdio stdio) {
    if (!isTerminal(stdio, 0)) {
      return () -> {};
    }
    Terminal.RawMode mode;
    try {
      mode = Terminal.raw(0);
    } catch (SysException e) {
      return () -> {};
    }
    Thread restore = new Thread(mode::close, "berth-restore-terminal");
    Runtime.getRuntime().addShutdownHook(restore);
    return () -> {
      mode.close();
      try {
        Runtime.getRuntime().removeShutdownHook(restore);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook restores the terminal, once.
      }
    };
  }
}
