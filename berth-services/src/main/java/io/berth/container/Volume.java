package io.berth.container;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A volume as {@code docker volume inspect} shows it: name, driver, where its data lives. */
public record Volume(
    String name,
    String driver,
    Path mountpoint,
    Map<String, String> labels,
    Map<String, String> options,
    Instant created,
    boolean anonymous) {
  public Volume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(mountpoint, "mountpoint");
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
    Objects.requireNonNull(created, "created");
  }
}
