package io.berth.container;

import java.util.Objects;
import java.util.Optional;

/** An exec instance as {@code GET /exec/{id}/json} reports it. */
public record ExecInfo(
    String id,
    String containerId,
    ExecConfig config,
    boolean running,
    Optional<Integer> exitCode,
    int pid) {
  public ExecInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(exitCode, "exitCode");
  }
}
