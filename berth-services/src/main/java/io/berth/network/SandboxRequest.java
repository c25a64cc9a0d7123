package io.berth.network;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a container starting on bridge networks needs from the network service: its identity and
 * host name, the networks it joins (the first carries the default route), the ports it publishes,
 * its resolver settings and extra hosts, and where its {@code /etc/hosts} and {@code
 * /etc/resolv.conf} are written.
 *
 * @param networks network name or ID to the container's settings there, in joining order
 * @param exposed the ports the container exposes, published on free host ports with {@code
 *     publishAll} ({@code -P})
 * @param extraHosts {@code name:address} lines ({@code --add-host}); {@code host-gateway} stands
 *     for the first network's gateway
 */
public record SandboxRequest(
    String containerId,
    String containerName,
    String hostname,
    Map<String, EndpointConfig> networks,
    Map<ContainerPort, List<PortBinding>> ports,
    boolean publishAll,
    Set<ContainerPort> exposed,
    DnsSettings dns,
    List<String> extraHosts,
    Path hostsFile,
    Path resolvConf) {

  public SandboxRequest {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(containerName, "containerName");
    Objects.requireNonNull(hostname, "hostname");
    networks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    ports = java.util.Collections.unmodifiableMap(new TreeMap<>(ports));
    exposed = java.util.Collections.unmodifiableSet(new TreeSet<>(exposed));
    Objects.requireNonNull(dns, "dns");
    extraHosts = List.copyOf(extraHosts);
    Objects.requireNonNull(hostsFile, "hostsFile");
    Objects.requireNonNull(resolvConf, "resolvConf");
  }
}
