package io.berth.cli;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --sig-proxy}: while the CLI is attached to a container without a terminal, the signals it
 * receives go to the container ({@code POST /containers/ID/kill?signal=}) instead of ending the
 * CLI, as docker forwards them; with a terminal, Ctrl-C is a key the container reads instead. The
 * JVM keeps {@code QUIT} (thread dumps) for itself, so that one is not forwarded.
 */
final class SignalProxy implements AutoCloseable {

  /** The signals forwarded: those a person or a supervisor sends to a foreground command. */
  static final List<String> SIGNALS = List.of("INT", "TERM", "HUP", "USR1", "USR2", "ALRM");

  private final List<AutoCloseable> handlers;

  private SignalProxy(List<AutoCloseable> handlers) {
    this.handlers = handlers;
  }

  /** Forwards signals to container {@code id} until closed; nothing when {@code enabled} is not. */
  static SignalProxy forward(CliContext context, String id, boolean enabled) {
    List<AutoCloseable> handlers = new ArrayList<>();
    if (enabled) {
      for (String name : SIGNALS) {
        Optional<AutoCloseable> h =
            Signals.handle(name, () -> Thread.ofVirtual().start(() -> send(context, id, name)));
        h.ifPresent(handlers::add);
      }
    }
    return new SignalProxy(handlers);
  }

  private static void send(CliContext context, String id, String name) {
    try {
      context.client().post("/containers/" + id + "/kill", Map.of("signal", "SIG" + name), null);
    } catch (BerthException e) {
      // The container has ended meanwhile; the attach ends with it.
    }
  }

  /** Puts the previous handlers back: the CLI ends on those signals again. */
  @Override
  public void close() {
    for (AutoCloseable h : handlers) {
      try {
        h.close();
      } catch (Exception e) {
        // Restoring a handler cannot fail in a way that matters to the command's result.
      }
    }
  }
}
