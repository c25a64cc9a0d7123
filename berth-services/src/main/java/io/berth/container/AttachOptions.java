package io.berth.container;

/**
 * What {@code attach} streams: which of stdin, stdout and stderr, whether past output (logs) comes
 * first, and whether live output follows (stream).
 */
public record AttachOptions(
    boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream) {

  /** Whether output of {@code s} is wanted. */
  public boolean wants(StdStream s) {
    return switch (s) {
      case STDIN -> false;
      case STDOUT -> stdout;
      case STDERR -> stderr;
    };
  }
}
