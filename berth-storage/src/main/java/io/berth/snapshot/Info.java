package io.berth.snapshot;

import io.berth.errors.BerthException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a snapshotter knows of one snapshot: its key (or name, once committed), its parent, its
 * kind, when it was made and the labels given to it.
 */
public record Info(
    String name, Optional<String> parent, Kind kind, Instant created, Map<String, String> labels) {

  public Info {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
    labels = Map.copyOf(labels);
    if (name.isEmpty()) {
      throw BerthException.invalid("a snapshot needs a non-empty name");
    }
  }
}
