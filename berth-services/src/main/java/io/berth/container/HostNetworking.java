package io.berth.container;

import io.berth.network.ContainerPort;
import io.berth.network.DnsSettings;
import io.berth.network.EndpointConfig;
import io.berth.network.PortBinding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A container's network settings beyond its network mode, as Docker's {@code HostConfig} and {@code
 * NetworkingConfig} carry them: the ports it publishes ({@code -p}, {@code -P}), the networks it
 * joins with its settings on each ({@code --network}, {@code --network-alias}, {@code --ip}, {@code
 * --mac-address}, and {@code network connect} later), its resolver settings and its extra hosts.
 *
 * @param portBindings container port ({@code 80/tcp}) to the host sides asked for
 * @param endpoints network name to the container's settings there, the first being its network
 *     mode's; empty for {@code host} and {@code none}
 */
public record HostNetworking(
    Map<String, List<PortBinding>> portBindings,
    boolean publishAllPorts,
    Map<String, EndpointConfig> endpoints,
    DnsSettings dns,
    List<String> extraHosts) {

  /** Nothing published, no network joined yet, the host's resolver. */
  public static final HostNetworking NONE =
      new HostNetworking(Map.of(), false, Map.of(), DnsSettings.HOST, List.of());

  public HostNetworking {
    Map<String, List<PortBinding>> ports = new TreeMap<>();
    if (portBindings != null) {
      portBindings.forEach(
          (port, list) -> ports.put(ContainerPort.parse(port).wire(), List.copyOf(list)));
    }
    portBindings = Collections.unmodifiableMap(ports);
    endpoints =
        Collections.unmodifiableMap(new LinkedHashMap<>(endpoints == null ? Map.of() : endpoints));
    dns = dns == null ? DnsSettings.HOST : dns;
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
  }

  /** The port bindings by typed container port. */
  public Map<ContainerPort, List<PortBinding>> bindings() {
    Map<ContainerPort, List<PortBinding>> typed = new TreeMap<>();
    portBindings.forEach((k, v) -> typed.put(ContainerPort.parse(k), v));
    return typed;
  }

  /** The same settings with other endpoints. */
  public HostNetworking withEndpoints(Map<String, EndpointConfig> value) {
    return new HostNetworking(portBindings, publishAllPorts, value, dns, extraHosts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostNetworking h
        && portBindings.equals(h.portBindings)
        && publishAllPorts == h.publishAllPorts
        && List.copyOf(endpoints.entrySet()).equals(List.copyOf(h.endpoints.entrySet()))
        && dns.equals(h.dns)
        && extraHosts.equals(h.extraHosts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(portBindings, publishAllPorts, endpoints, dns, extraHosts);
  }
}
