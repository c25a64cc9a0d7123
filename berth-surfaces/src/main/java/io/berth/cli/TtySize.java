package io.berth.cli;

import io.berth.errors.BerthException;
import io.berth.sys.WindowSize;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a container's or an exec's terminal the size of the local one, as docker does: the size is
 * sent once ({@code POST <path>/resize?h=&w=}, retried briefly while the process starts), then
 * again on each SIGWINCH. SIGWINCH comes through {@link Signals}: the kernel tells the moment the
 * size changes, at no cost in between; only when the JVM refuses the handler does a virtual thread
 * compare the size four times a second instead.
 */
final class TtySize implements AutoCloseable {

  private static final int INITIAL_TRIES = 10;
  private static final Duration RETRY = Duration.ofMillis(100);
  private static final Duration POLL = Duration.ofMillis(250);

  private final CliContext context;
  private final String path;
  private final AtomicReference<WindowSize> sent = new AtomicReference<>();
  private final AutoCloseable stop;

  private TtySize(CliContext context, String path, boolean watch) {
    this.context = context;
    this.path = path;
    this.stop = watch ? watch() : () -> {};
  }

  /**
   * Follows the local terminal for {@code path} ({@code /containers/ID} or {@code /exec/ID}); does
   * nothing unless {@code tty} and the output is a terminal.
   */
  static TtySize follow(CliContext context, String path, boolean tty) {
    boolean terminal = tty && Terminals.size(context.stdio()).isPresent();
    TtySize size = new TtySize(context, path, terminal);
    if (terminal) {
      size.sendInitial();
    }
    return size;
  }

  /** The local size as Docker's {@code ConsoleSize} body field, when there is a terminal. */
  static Optional<int[]> consoleSize(CliContext context) {
    return Terminals.size(context.stdio()).map(s -> new int[] {s.rows(), s.columns()});
  }

  private void sendInitial() {
    for (int attempt = 1; attempt <= INITIAL_TRIES; attempt++) {
      if (send(true)) {
        return;
      }
      try {
        Thread.sleep(RETRY.multipliedBy(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private AutoCloseable watch() {
    Optional<AutoCloseable> handler =
        Signals.handle("WINCH", () -> Thread.ofVirtual().start(() -> send(false)));
    if (handler.isPresent()) {
      return handler.get();
    }
    Thread poller =
        Thread.ofVirtual()
            .name("berth-tty-size")
            .start(
                () -> {
                  try {
                    while (true) {
                      Thread.sleep(POLL);
                      send(false);
                    }
                  } catch (InterruptedException e) {
                    // Closed.
                  }
                });
    return poller::interrupt;
  }

  /** Sends the local size if it changed (or {@code always}); whether the daemon took it. */
  private synchronized boolean send(boolean always) {
    Optional<WindowSize> size = Terminals.size(context.stdio());
    if (size.isEmpty() || (!always && size.get().equals(sent.get()))) {
      return true;
    }
    try {
      context
          .client()
          .post(
              path + "/resize",
              Map.of(
                  "h",
                  Integer.toString(size.get().rows()),
                  "w",
                  Integer.toString(size.get().columns())),
              null);
      sent.set(size.get());
      return true;
    } catch (BerthException e) {
      // The process may not run yet (retried), or has ended (the stream ends with it).
      return false;
    }
  }

  /** Stops following; the previous SIGWINCH handler is back. */
  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      // Restoring a handler cannot fail in a way that matters to the command's result.
    }
  }
}
