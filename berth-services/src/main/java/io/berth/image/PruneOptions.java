package io.berth.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which images {@code docker image prune} removes: dangling ones only unless {@code all}, those
 * created before {@code until}, and those whose labels match {@code labels} ({@code key}, {@code
 * key=value}, or negated with {@code label!=}: {@code notLabels}).
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
