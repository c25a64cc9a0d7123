package io.berth.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where {@code GET /events} reads engine events: a recent backlog, then live ones. Supplied by the
 * daemon; thread-safe, any number of subscriptions at once.
 */
public interface EventSource {

  /**
   * A subscription to events: those of the backlog at or after {@code since} (none without it),
   * then every event published from now on, until closed.
   */
  Subscription subscribe(Optional<Instant> since);

  /** One reader's view of the events; closed by the reader, or by the source when it stops. */
  interface Subscription extends AutoCloseable {

    /** The next event, waiting at most {@code timeout}; empty on timeout or once closed. */
    Optional<EngineEvent> next(Duration timeout) throws InterruptedException;

    boolean isClosed();

    @Override
    void close();
  }
}
