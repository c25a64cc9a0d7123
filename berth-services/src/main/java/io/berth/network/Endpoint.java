package io.berth.network;

import java.util.List;
import java.util.Objects;

/**
 * A running container's interface on one network: the network, the interface inside the container,
 * its address, gateway and MAC, and the names it answers to there.
 *
 * @param id 64 hex digits, Docker's {@code EndpointID}
 * @param prefix the length of the network's prefix ({@code 16} for a /16)
 * @param gateway empty when the network gives no route out (internal)
 * @param names the names other members find it by: container name, aliases, short ID
 */
public record Endpoint(
    String id,
    String networkId,
    String networkName,
    String interfaceName,
    String address,
    int prefix,
    String gateway,
    String macAddress,
    List<String> aliases,
    List<String> names) {

  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(networkId, "networkId");
    Objects.requireNonNull(networkName, "networkName");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(macAddress, "macAddress");
    aliases = List.copyOf(aliases);
    names = List.copyOf(names);
  }
}
