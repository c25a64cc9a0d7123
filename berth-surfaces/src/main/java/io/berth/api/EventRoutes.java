package io.berth.api;

import io.berth.api.wire.EventMessage;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code GET /events}: the backlog since {@code since}, then live events until {@code until}. */
public final class EventRoutes implements RouteGroup {
  private static final Duration POLL = Duration.ofMillis(500);
  private final EventSource events;
  private final Clock clock;

  public EventRoutes(EventSource events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void register(Router.Builder routes) {
    routes.get("/events", this::events);
  }

  private void events(ApiRequest request) throws IOException {
    Optional<Instant> since = request.query("since").map(v -> timestamp("since", v));
    Optional<Instant> until = request.query("until").map(v -> timestamp("until", v));
    EventFilter filter = EventFilter.of(request.filters());
    try (EventSource.Subscription subscription = events.subscribe(since)) {
      // Watching for the hang-up ends keep-alive, which the response's head must then announce.
      request.onClientClose(subscription::close);
      try (JsonStream stream = request.stream()) {
        pump(subscription, stream, filter, until);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump(
      EventSource.Subscription subscription,
      JsonStream stream,
      EventFilter filter,
      Optional<Instant> until)
      throws IOException, InterruptedException {
    while (!subscription.isClosed()) {
      Duration wait = POLL;
      if (until.isPresent()) {
        Duration left = Duration.between(clock.instant(), until.get());
        if (left.isNegative()) {
          wait = Duration.ZERO;
        } else if (left.compareTo(POLL) < 0) {
          wait = left;
        }
      }
      Optional<EngineEvent> next = subscription.next(wait);
      if (next.isEmpty()) {
        if (until.isPresent() && !clock.instant().isBefore(until.get())) {
          return;
        }
        continue;
      }
      EngineEvent event = next.get();
      if (until.isPresent() && event.time().isAfter(until.get())) {
        return;
      }
      if (filter.accepts(event)) {
        stream.send(EventMessage.from(event));
      }
    }
  }

  /** Docker's {@code seconds[.nanoseconds]} timestamps; RFC 3339 is accepted as well. */
  static Instant timestamp(String name, String value) {
    try {
      if (value.contains("T")) {
        return Instant.parse(value);
      }
      int dot = value.indexOf('.');
      long seconds = Long.parseLong(dot < 0 ? value : value.substring(0, dot));
      long nanos = 0;
      if (dot >= 0) {
        String fraction = (value.substring(dot + 1) + "000000000").substring(0, 9);
        nanos = Long.parseLong(fraction);
      }
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw BerthException.invalid(
          "invalid value for %s: \"%s\" is not a timestamp (seconds[.nanoseconds])", name, value);
    }
  }
}
