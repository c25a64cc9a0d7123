package io.berth.container;

import java.util.Objects;

/**
 * A mount as a created container has it, as {@code inspect}'s {@code Mounts} lists it: the host
 * source resolved (a volume's {@code _data} directory), the volume's name when it is one.
 */
public record MountPoint(
    MountSpec.Type type, String name, String source, String destination, boolean readOnly) {
  public MountPoint {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
  }
}
