package io.berth.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A running container's network stack: the network namespace file the runtime joins, its interfaces
 * on each network, and the ports published for it on the host.
 *
 * @param key the namespace's path, Docker's {@code SandboxKey}
 */
public record Sandbox(
    String containerId, String key, List<Endpoint> endpoints, List<PublishedPort> ports) {

  public Sandbox {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(key, "key");
    endpoints = List.copyOf(endpoints);
    ports = List.copyOf(ports);
  }

  /** The endpoint on network {@code networkId}, if the container is on it. */
  public Optional<Endpoint> endpoint(String networkId) {
    return endpoints.stream().filter(e -> e.networkId().equals(networkId)).findFirst();
  }
}
