package io.berth.container;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a container is in its lifecycle, as Docker's {@code ContainerState} reports it, plus
 * whether the user stopped it (which restart policies respect).
 */
public record ContainerState(
    Status status,
    int pid,
    int exitCode,
    String error,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    boolean oomKilled,
    int restartCount,
    boolean stoppedByUser,
    Optional<Health> health) {

  /** The statuses of Docker's state machine. */
  public enum Status {
    CREATED,
    RUNNING,
    PAUSED,
    RESTARTING,
    REMOVING,
    EXITED,
    DEAD;

    /** The name as Docker's API spells it: {@code running}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a process runs (or is frozen) now. */
    public boolean isActive() {
      return this == RUNNING || this == PAUSED;
    }
  }

  public ContainerState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(health, "health");
  }

  /** The state of a container just created. */
  public static ContainerState created() {
    return new ContainerState(
        Status.CREATED,
        0,
        0,
        "",
        Optional.empty(),
        Optional.empty(),
        false,
        0,
        false,
        Optional.empty());
  }

  /** Running as {@code pid} since {@code at}. */
  public ContainerState running(int newPid, Instant at, Optional<Health> newHealth) {
    return new ContainerState(
        Status.RUNNING,
        newPid,
        0,
        "",
        Optional.of(at),
        finishedAt,
        false,
        restartCount,
        false,
        newHealth);
  }

  /** Ended with {@code code} at {@code at}; {@code why} is a start failure's message or empty. */
  public ContainerState exited(int code, Instant at, String why) {
    return new ContainerState(
        Status.EXITED,
        0,
        code,
        why,
        startedAt,
        Optional.of(at),
        oomKilled,
        restartCount,
        stoppedByUser,
        health.map(h -> new Health(Health.Status.UNHEALTHY, h.failingStreak(), h.log())));
  }

  /** The same state with another status. */
  public ContainerState withStatus(Status value) {
    return new ContainerState(
        value,
        pid,
        exitCode,
        error,
        startedAt,
        finishedAt,
        oomKilled,
        restartCount,
        stoppedByUser,
        health);
  }

  /** The same state, marked as stopped by the user (or not). */
  public ContainerState withStoppedByUser(boolean value) {
    return new ContainerState(
        status,
        pid,
        exitCode,
        error,
        startedAt,
        finishedAt,
        oomKilled,
        restartCount,
        value,
        health);
  }

  /** The same state with one more restart counted. */
  public ContainerState restarted() {
    return new ContainerState(
        Status.RESTARTING,
        0,
        exitCode,
        error,
        startedAt,
        finishedAt,
        oomKilled,
        restartCount + 1,
        false,
        health);
  }

  /** The same state with the health checks' latest finding. */
  public ContainerState withHealth(Health value) {
    return new ContainerState(
        status,
        pid,
        exitCode,
        error,
        startedAt,
        finishedAt,
        oomKilled,
        restartCount,
        stoppedByUser,
        Optional.of(value));
  }
}
