package io.berth.api;

import io.berth.container.Container;
import io.berth.container.HostNetworking;
import io.berth.network.ContainerPort;
import io.berth.network.Endpoint;
import io.berth.network.EndpointConfig;
import io.berth.network.Network;
import io.berth.network.NetworkService;
import io.berth.network.PortBinding;
import io.berth.network.PublishedPort;
import io.berth.network.Sandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one translator from the network service's model to Docker's JSON: {@code Network} for the
 * network endpoints, and a container's {@code NetworkSettings}, {@code Ports} and {@code
 * PortBindings} for the container endpoints.
 */
final class NetworkWire {

  private NetworkWire() {}

  /** Docker's {@code Network} ({@code NetworkSummary}, or {@code NetworkInspect} with members). */
  static Map<String, Object> network(
      Network n, Optional<Map<String, NetworkService.Member>> members) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created().toString());
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv4", n.bridged());
    m.put("EnableIPv6", false);
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    List<Map<String, Object>> config = new ArrayList<>();
    n.subnet()
        .ifPresent(
            s -> {
              Map<String, Object> c = new LinkedHashMap<>();
              c.put("Subnet", s.toString());
              n.ipRange().ifPresent(r -> c.put("IPRange", r.toString()));
              n.gateway().ifPresent(g -> c.put("Gateway", g));
              config.add(c);
            });
    ipam.put("Config", config);
    m.put("IPAM", ipam);
    m.put("Internal", n.internal());
    m.put("Attachable", false);
    m.put("Ingress", false);
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    members.ifPresent(
        all -> {
          Map<String, Object> containers = new LinkedHashMap<>();
          all.forEach(
              (id, member) -> {
                Endpoint e = member.endpoint();
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("Name", member.containerName());
                c.put("EndpointID", e.id());
                c.put("MacAddress", e.macAddress());
                c.put("IPv4Address", e.address() + "/" + e.prefix());
                c.put("IPv6Address", "");
                containers.put(id, c);
              });
          m.put("Containers", containers);
        });
    m.put("Options", n.options());
    m.put("Labels", n.labels());
    return m;
  }

  /**
   * {@code NetworkSettings} of inspect: sandbox, ports, networks, the default network's legacy
   * fields.
   */
  static Map<String, Object> settings(Container c, Function<String, String> networkIds) {
    Optional<Sandbox> sandbox = c.sandbox();
    Map<String, Object> networks = networks(c, networkIds);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Bridge", "");
    m.put("SandboxID", sandbox.map(s -> s.containerId()).orElse(""));
    m.put("SandboxKey", sandbox.map(Sandbox::key).orElse(""));
    m.put("Ports", portMap(c));
    m.put("HairpinMode", false);
    m.put("LinkLocalIPv6Address", "");
    m.put("LinkLocalIPv6PrefixLen", 0);
    m.put("SecondaryIPAddresses", null);
    m.put("SecondaryIPv6Addresses", null);
    Optional<Endpoint> bridge =
        sandbox.flatMap(
            s ->
                s.endpoints().stream()
                    .filter(e -> e.networkName().equals(Network.DEFAULT))
                    .findFirst());
    m.put("EndpointID", bridge.map(Endpoint::id).orElse(""));
    m.put("Gateway", bridge.map(Endpoint::gateway).orElse(""));
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("IPAddress", bridge.map(Endpoint::address).orElse(""));
    m.put("IPPrefixLen", bridge.map(Endpoint::prefix).orElse(0));
    m.put("IPv6Gateway", "");
    m.put("MacAddress", bridge.map(Endpoint::macAddress).orElse(""));
    m.put("Networks", networks);
    return m;
  }

  /**
   * {@code NetworkSettings.Networks}: each network the container is on, addressed while it runs.
   */
  static Map<String, Object> networks(Container c, Function<String, String> networkIds) {
    Map<String, Object> networks = new LinkedHashMap<>();
    Map<String, EndpointConfig> configured = c.hostConfig().networking().endpoints();
    if (configured.isEmpty()) {
      String mode = c.hostConfig().networkMode();
      networks.put(
          mode, endpoint(EndpointConfig.DEFAULT, Optional.empty(), networkIds.apply(mode)));
      return networks;
    }
    configured.forEach(
        (name, config) -> {
          Optional<Endpoint> live =
              c.sandbox()
                  .flatMap(
                      s ->
                          s.endpoints().stream()
                              .filter(e -> e.networkName().equals(name))
                              .findFirst());
          networks.put(
              name,
              endpoint(config, live, live.map(Endpoint::networkId).orElse(networkIds.apply(name))));
        });
    return networks;
  }

  private static Map<String, Object> endpoint(
      EndpointConfig config, Optional<Endpoint> live, String networkId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "IPAMConfig",
        config.ipv4Address().map(ip -> (Object) Map.of("IPv4Address", ip)).orElse(null));
    m.put("Links", null);
    m.put("Aliases", config.aliases().isEmpty() ? null : config.aliases());
    m.put("MacAddress", live.map(Endpoint::macAddress).orElse(config.macAddress().orElse("")));
    m.put("DriverOpts", null);
    m.put("GwPriority", 0);
    m.put("NetworkID", networkId);
    m.put("EndpointID", live.map(Endpoint::id).orElse(""));
    m.put("Gateway", live.map(Endpoint::gateway).orElse(""));
    m.put("IPAddress", live.map(Endpoint::address).orElse(""));
    m.put("IPPrefixLen", live.map(Endpoint::prefix).orElse(0));
    m.put("IPv6Gateway", "");
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("DNSNames", live.map(e -> e.names().isEmpty() ? null : e.names()).orElse(null));
    return m;
  }

  /**
   * {@code NetworkSettings.Ports} of a running container: each exposed or published port with its
   * host bindings, {@code null} for a port only exposed; empty when it does not run.
   */
  static Map<String, Object> portMap(Container c) {
    Map<String, Object> ports = new TreeMap<>();
    if (c.sandbox().isEmpty()) {
      return ports;
    }
    for (ContainerPort p : c.config().exposedPorts()) {
      ports.put(p.wire(), null);
    }
    for (PublishedPort p : c.sandbox().get().ports()) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) ports.get(p.containerPort().wire());
      if (list == null) {
        list = new ArrayList<>();
        ports.put(p.containerPort().wire(), list);
      }
      list.add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
    }
    return ports;
  }

  /** {@code Ports} of {@code ps}: published ports with their host side, exposed ones alone. */
  static List<Map<String, Object>> summaryPorts(Container c) {
    List<Map<String, Object>> ports = new ArrayList<>();
    if (c.sandbox().isEmpty()) {
      return ports;
    }
    java.util.Set<ContainerPort> published = new java.util.TreeSet<>();
    for (PublishedPort p : c.sandbox().get().ports()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("IP", p.hostIp());
      m.put("PrivatePort", p.containerPort().port());
      m.put("PublicPort", p.hostPort());
      m.put("Type", p.containerPort().protocol());
      ports.add(m);
      published.add(p.containerPort());
    }
    for (ContainerPort p : c.config().exposedPorts()) {
      if (!published.contains(p)) {
        ports.add(Map.of("PrivatePort", p.port(), "Type", p.protocol()));
      }
    }
    return ports;
  }

  /** {@code HostConfig.PortBindings} as created. */
  static Map<String, Object> portBindings(HostNetworking net) {
    Map<String, Object> m = new TreeMap<>();
    net.portBindings()
        .forEach(
            (port, list) -> {
              List<Object> bindings = new ArrayList<>();
              for (PortBinding b : list) {
                bindings.add(Map.of("HostIp", b.hostIp(), "HostPort", b.hostPort()));
              }
              m.put(port, bindings);
            });
    return m;
  }
}
