package io.berth.metadata;

import io.berth.errors.BerthException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A named volume: its driver, labels, driver options and creation time. */
public record VolumeRecord(
    String name,
    String driver,
    Map<String, String> labels,
    Map<String, String> options,
    Instant created) {

  public VolumeRecord {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(created, "created");
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("a volume needs a name");
    }
  }
}
