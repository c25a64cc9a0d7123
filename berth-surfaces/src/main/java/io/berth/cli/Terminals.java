package io.berth.cli;

import java.io.IOException;
import java.util.Optional;

/**
 * The local terminal, through {@code stty} and {@code test -t} run on this process's own file
 * descriptors: whether a stream is a terminal, its size, and raw mode for {@code -t}.
 */
final class Terminals {
  private Terminals() {}

  /** Whether file descriptor {@code fd} (0, 1 or 2) of this process is a terminal. */
  static boolean isTerminal(Stdio stdio, int fd) {
    if (!stdio.own()) {
      return false;
    }
    ProcessBuilder pb = new ProcessBuilder("test", "-t", Integer.toString(fd));
    pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return pb.start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The terminal's {@code rows columns}, when stdin is one. */
  static Optional<int[]> size() {
    try {
      Process p =
          new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      String text = new String(p.getInputStream().readAllBytes()).strip();
      if (p.waitFor() != 0) {
        return Optional.empty();
      }
      String[] parts = text.split("\\s+");
      return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Puts the terminal in raw mode without echo and returns what restores it; a no-op when stdin is
   * not a terminal.
   */
  static AutoCloseable raw() {
    Optional<String> saved = stty("-g");
    if (saved.isEmpty()) {
      return () -> {};
    }
    stty("raw", "-echo");
    Thread restore = new Thread(() -> stty(saved.get()));
    Runtime.getRuntime().addShutdownHook(restore);
    return () -> {
      stty(saved.get());
      try {
        Runtime.getRuntime().removeShutdownHook(restore);
      } catch (IllegalStateException e) {
        // already shutting down: the hook restores the terminal
      }
    };
  }

  private static Optional<String> stty(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p =
          new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      String text = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor() == 0 ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
