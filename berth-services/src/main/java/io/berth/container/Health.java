package io.berth.container;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A container's health as its checks last found it: {@code starting}, {@code healthy} or {@code
 * unhealthy}, how many checks failed in a row, and the last few results.
 */
public record Health(Status status, int failingStreak, List<Check> log) {

  /** How many results the log keeps, as Docker. */
  public static final int LOG_SIZE = 5;

  /** The health states Docker reports. */
  public enum Status {
    STARTING,
    HEALTHY,
    UNHEALTHY;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One check: when it ran, its exit code (-1 when it timed out) and its output. */
  public record Check(Instant start, Instant end, int exitCode, String output) {}

  public Health {
    Objects.requireNonNull(status, "status");
    log = List.copyOf(log);
  }

  /** The health of a container whose checks have not yet run. */
  public static Health starting() {
    return new Health(Status.STARTING, 0, List.of());
  }
}
