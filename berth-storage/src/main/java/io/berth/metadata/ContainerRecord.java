package io.berth.metadata;

import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A container as stored: its 64-hex ID, its unique name (as the container service spells it), the
 * image it was made from, and its configuration and state as JSON text whose shape the container
 * service owns.
 */
public record ContainerRecord(
    String id,
    String name,
    Digest imageId,
    String config,
    String state,
    Instant created,
    Map<String, String> labels) {

  public ContainerRecord {
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(created, "created");
    labels = Map.copyOf(labels);
    if (id == null || !id.matches("[0-9a-f]{64}")) {
      throw BerthException.invalid("invalid container ID \"%s\": expected 64 hex digits", id);
    }
    if (name == null || name.isBlank()) {
      throw BerthException.invalid("container %s needs a name", id);
    }
  }

  /** This record with {@code state} in place of its state. */
  public ContainerRecord withState(String state) {
    return new ContainerRecord(id, name, imageId, config, state, created, labels);
  }
}
