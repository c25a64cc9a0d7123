package io.berth.container;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code docker logs} asks for: streams, a time window, the last {@code tail} lines (-1 for
 * all), and whether to follow new output until the container stops.
 */
public record LogOptions(
    boolean stdout,
    boolean stderr,
    Optional<Instant> since,
    Optional<Instant> until,
    int tail,
    boolean follow) {
  public LogOptions {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  /** Whether an entry of {@code stream} written at {@code time} is wanted. */
  public boolean accepts(StdStream stream, Instant time) {
    boolean streamOk = stream == StdStream.STDOUT ? stdout : stderr;
    return streamOk
        && since.map(s -> !time.isBefore(s)).orElse(true)
        && until.map(u -> !time.isAfter(u)).orElse(true);
  }
}
