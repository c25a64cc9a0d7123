package io.berth.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which images {@code docker image prune} removes: dangling ones only unless {@code all}, those
 * created at or before {@code until}, and those whose labels match every one of {@code labels}
 * ({@code key} or {@code key=value}) but not every one of {@code notLabels} ({@code label!=}, as
 * Docker reads it).
 */
public record PruneOptions(
    boolean all, Optional<Instant> until, List<String> labels, List<String> notLabels) {

  public static final PruneOptions DANGLING =
      new PruneOptions(false, Optional.empty(), List.of(), List.of());

  public PruneOptions {
    Objects.requireNonNull(until, "until");
    labels = List.copyOf(labels);
    notLabels = List.copyOf(notLabels);
  }
}
