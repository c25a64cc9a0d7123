package io.berth.runtime;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.util.Objects;

/**
 * Where a container process's standard streams go: pipes the daemon reads and writes through {@link
 * RuntimeProcess}, files, or nothing; {@code terminal} asks for a pseudo-terminal instead.
 */
public record Stdio(Redirect stdin, Redirect stdout, Redirect stderr, boolean terminal) {

  private static final Redirect NO_INPUT = Redirect.from(new File("/dev/null"));

  public Stdio {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** stdin, stdout and stderr all as pipes ({@code docker run -i}). */
  public static Stdio pipes() {
    return new Stdio(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false);
  }

  /** stdout and stderr as pipes, stdin reading end-of-file at once ({@code docker run}). */
  public static Stdio pipesWithoutStdin() {
    return new Stdio(NO_INPUT, Redirect.PIPE, Redirect.PIPE, false);
  }

  /** A pseudo-terminal for {@code -t}; stdin as a pipe if {@code interactive}. */
  public static Stdio terminal(boolean interactive) {
    return new Stdio(interactive ? Redirect.PIPE : NO_INPUT, Redirect.PIPE, Redirect.PIPE, true);
  }
}
