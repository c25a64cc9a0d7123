package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.sys.Pty;
import io.berth.sys.WindowSize;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a person at a terminal runs it: on a pseudo-terminal of its own ({@link Pty},
 * its slave as the command's stdin, stdout and stderr and its controlling terminal through {@code
 * setsid --ctty}), so that it sees a terminal, can put it in raw mode, and gets SIGWINCH when the
 * test resizes it. The test types, reads what the screen shows, and waits for the exit code.
 */
final class TerminalSession implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Pty master;
  private final Process process;
  private final StringBuilder screen = new StringBuilder();
  private final Thread reader;
  private int mark;

  private TerminalSession(Pty master, Process process) {
    this.master = master;
    this.process = process;
    this.reader = Thread.ofPlatform().daemon().name("terminal-session").start(this::read);
  }

  /** Starts {@code command} on a new terminal of {@code size}, with {@code env} added. */
  static TerminalSession start(Map<String, String> env, WindowSize size, List<String> command)
      throws IOException {
    Pty.Opened pty = Pty.open();
    pty.master().resize(size);
    List<String> all = new ArrayList<>(List.of("setsid", "--ctty"));
    all.addAll(command);
    File slave = pty.slave().toFile();
    ProcessBuilder builder =
        new ProcessBuilder(all)
            .redirectInput(Redirect.from(slave))
            .redirectOutput(Redirect.to(slave))
            .redirectError(Redirect.to(slave));
    builder.environment().putAll(env);
    builder.environment().put("TERM", "xterm");
    return new TerminalSession(pty.master(), builder.start());
  }

  private void read() {
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = master.read(buffer, 0, buffer.length)) > 0) {
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        synchronized (screen) {
          screen.append(text);
          screen.notifyAll();
        }
      }
    } catch (IOException e) {
      // The terminal closed.
    }
  }

  /** Types {@code keys} (a carriage return ends a line, as the Enter key sends it). */
  TerminalSession type(String keys) throws IOException {
    byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
    master.write(bytes, 0, bytes.length);
    return this;
  }

  /**
   * Waits until the screen shows {@code expected} after what earlier waits matched; the screen's
   * text up to the end of the match.
   */
  String await(String expected) throws InterruptedException {
    return awaitWithin(expected, TIMEOUT)
        .orElseThrow(
            () ->
                new AssertionError(
                    "the terminal did not show "
                        + printable(expected)
                        + " in "
                        + TIMEOUT
                        + "; it shows:\n"
                        + printable(screen())));
  }

  /** As {@link #await}, empty when {@code expected} did not come within {@code timeout}. */
  java.util.Optional<String> awaitWithin(String expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (screen) {
      while (true) {
        int at = screen.indexOf(expected, mark);
        if (at >= 0) {
          mark = at + expected.length();
          return java.util.Optional.of(screen.substring(0, mark));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return java.util.Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(screen, left);
      }
    }
  }

  /** Resizes the terminal; the command gets SIGWINCH. */
  void resize(WindowSize size) throws IOException {
    master.resize(size);
  }

  /**
   * Types {@code command} until its output shows {@code expected}: for what follows a resize, which
   * reaches the container a moment later.
   */
  void typeUntil(String command, String expected) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      type(command);
      if (awaitWithin(expected, Duration.ofMillis(700)).isPresent()) {
        return;
      }
    }
    throw new AssertionError(
        "typing " + printable(command) + " never showed " + printable(expected) + ":\n" + screen());
  }

  /** The exit code of the command, which must end in time. */
  int exitCode() throws InterruptedException {
    assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the command ended; the terminal shows:\n%s", printable(screen()))
        .isTrue();
    reader.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  /** Everything the terminal showed. */
  String screen() {
    synchronized (screen) {
      return screen.toString();
    }
  }

  static String printable(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n\n");
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    master.close();
  }
}
