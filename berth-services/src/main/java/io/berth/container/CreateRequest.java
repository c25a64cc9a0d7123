package io.berth.container;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /containers/create} (or {@code docker create}) asks for: an optional name, the
 * config (with {@code entrypoint} as the override) and the host config; {@code replace} swaps a
 * container of the same name for the new one, as Podman's {@code --replace}.
 */
public record CreateRequest(
    Optional<String> name, ContainerConfig config, HostConfig hostConfig, boolean replace) {
  public CreateRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(hostConfig, "hostConfig");
  }
}
