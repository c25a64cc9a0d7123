package io.berth.network;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /networks/create} (or {@code docker network create}) asks for: a name, the
 * driver (only {@code bridge}), an optional subnet, gateway and address range, whether it is
 * internal, labels and driver options.
 */
public record NetworkCreateRequest(
    String name,
    String driver,
    Optional<Subnet> subnet,
    Optional<String> gateway,
    Optional<Subnet> ipRange,
    boolean internal,
    Map<String, String> labels,
    Map<String, String> options) {

  public NetworkCreateRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(ipRange, "ipRange");
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
  }
}
