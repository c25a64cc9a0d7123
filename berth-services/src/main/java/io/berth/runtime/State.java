package io.berth.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A container's state as the runtime reports it (runtime.md, "State"). */
public record State(
    String id,
    Status status,
    int pid,
    Path bundle,
    Optional<Instant> created,
    Map<String, String> annotations) {

  /** The lifecycle status of runtime.md, plus {@code paused}, which runc and crun add. */
  public enum Status {
    CREATING,
    CREATED,
    RUNNING,
    PAUSED,
    STOPPED;

    /** The status as the runtime's JSON spells it ({@code running}). */
    public static Status parse(String text) {
      for (Status s : values()) {
        if (s.name().equalsIgnoreCase(text)) {
          return s;
        }
      }
      throw io.berth.errors.BerthException.invalid(
          "container status must be creating, created, running, paused or stopped, got: %s", text);
    }
  }

  public State {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(created, "created");
    annotations = Map.copyOf(annotations);
  }

  /** The same container, reported as exited. */
  public State stopped() {
    return new State(id, Status.STOPPED, 0, bundle, created, annotations);
  }
}
