package io.berth.network.bridge;

import io.berth.errors.BerthException;
import io.berth.network.ContainerPort;
import io.berth.network.PortBinding;
import io.berth.network.PublishedPort;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host ports the daemon's containers hold: which container has which protocol, address and
 * port, and the bound socket that keeps each one from any other program while the container runs. A
 * binding without an address takes every address, IPv4 and IPv6 when the host has IPv6 (one
 * dual-stack socket, shown as {@code 0.0.0.0} and {@code ::}, as Docker shows it).
 */
final class HostPorts {

  private final boolean ipv6 = ipv6Works();
  private final Map<String, List<Held>> held = new ConcurrentHashMap<>();

  /** One bound host port of a container. */
  record Held(ContainerPort containerPort, String hostIp, int hostPort, NetworkChannel channel) {

    /** What {@code docker port} and inspect show: one entry, or two for every address. */
    List<PublishedPort> shown(boolean dualStack) {
      if (!hostIp.isEmpty()) {
        return List.of(new PublishedPort(containerPort, hostIp, hostPort));
      }
      List<PublishedPort> shown = new ArrayList<>();
      shown.add(new PublishedPort(containerPort, "0.0.0.0", hostPort));
      if (dualStack) {
        shown.add(new PublishedPort(containerPort, "::", hostPort));
      }
      return shown;
    }
  }

  boolean dualStack() {
    return ipv6;
  }

  /**
   * Checks, before a container exists, that each fixed host port it asks for is held neither by a
   * container nor by another program.
   */
  void check(String containerName, Map<ContainerPort, List<PortBinding>> ports) {
    for (var e : ports.entrySet()) {
      for (PortBinding b : e.getValue()) {
        if (!b.fixed()) {
          continue;
        }
        int port = b.range()[0];
        String ip = ip(b);
        refuseAllocated(containerName, "", e.getKey().protocol(), ip, port);
        try (NetworkChannel probe = bind(e.getKey().protocol(), ip, port)) {
          // Free now; the container binds it for real when it starts.
        } catch (IOException ex) {
          throw inUse(containerName, "", e.getKey(), ip, port);
        }
      }
    }
  }

  /**
   * Binds every host port container {@code id} asks for (each fixed one, the first free one of a
   * range, any free one for none); on failure what was bound is let go and the error says which.
   */
  List<Held> reserve(
      String id, String name, String endpointId, Map<ContainerPort, List<PortBinding>> ports) {
    List<Held> bound = new ArrayList<>();
    held.put(id, bound);
    try {
      for (var e : ports.entrySet()) {
        for (PortBinding b : e.getValue()) {
          bound.add(reserveOne(name, endpointId, e.getKey(), b));
        }
      }
      return List.copyOf(bound);
    } catch (RuntimeException e) {
      release(id);
      throw e;
    }
  }

  private Held reserveOne(String name, String endpointId, ContainerPort port, PortBinding b) {
    String ip = ip(b);
    int[] range = b.range();
    if (range[0] == 0) {
      try {
        NetworkChannel channel = bind(port.protocol(), ip, 0);
        int actual = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        return new Held(port, b.hostIp(), actual, channel);
      } catch (IOException e) {
        throw BerthException.unavailable(
            "publishing %s of container %s: no free host port: %s", port, name, e.getMessage());
      }
    }
    for (int p = range[0]; p <= range[1]; p++) {
      if (range[0] != range[1] && allocated(port.protocol(), ip, p)) {
        continue;
      }
      refuseAllocated(name, endpointId, port.protocol(), ip, p);
      try {
        return new Held(port, b.hostIp(), p, bind(port.protocol(), ip, p));
      } catch (IOException e) {
        if (range[0] == range[1]) {
          throw inUse(name, endpointId, port, ip, p);
        }
      }
    }
    throw BerthException.conflict(
        "%sBind for %s:%s failed: all ports are allocated",
        prefix(name, endpointId), shownIp(ip), b.hostPort());
  }

  /** Closes container {@code id}'s sockets, freeing its host ports. */
  void release(String id) {
    List<Held> ports = held.remove(id);
    if (ports == null) {
      return;
    }
    for (Held h : ports) {
      try {
        h.channel().close();
      } catch (IOException e) {
        // The socket is gone either way.
      }
    }
  }

  private boolean allocated(String protocol, String ip, int port) {
    for (List<Held> ports : held.values()) {
      for (Held h : ports) {
        if (h.hostPort() == port
            && h.containerPort().protocol().equals(protocol)
            && overlap(ip(h.hostIp()), ip)) {
          return true;
        }
      }
    }
    return false;
  }

  private void refuseAllocated(
      String name, String endpointId, String protocol, String ip, int port) {
    if (allocated(protocol, ip, port)) {
      throw BerthException.conflict(
          "%sBind for %s:%d failed: port is already allocated",
          prefix(name, endpointId), shownIp(ip), port);
    }
  }

  private static BerthException inUse(
      String name, String endpointId, ContainerPort port, String ip, int hostPort) {
    return BerthException.conflict(
        "%sfailed to bind host port %s:%d/%s: address already in use",
        prefix(name, endpointId), shownIp(ip), hostPort, port.protocol());
  }

  /** Docker's words before a port error. */
  private static String prefix(String name, String endpointId) {
    return "driver failed programming external connectivity on endpoint "
        + name
        + (endpointId.isEmpty() ? "" : " (" + endpointId + ")")
        + ": ";
  }

  private static String shownIp(String ip) {
    return ip.isEmpty() ? "0.0.0.0" : ip;
  }

  private static boolean overlap(String a, String b) {
    return a.isEmpty() || b.isEmpty() || wildcard(a) || wildcard(b) || a.equals(b);
  }

  private static boolean wildcard(String ip) {
    return ip.equals("0.0.0.0") || ip.equals("::");
  }

  private static String ip(PortBinding b) {
    return ip(b.hostIp());
  }

  private static String ip(String hostIp) {
    return hostIp.startsWith("[") ? hostIp.substring(1, hostIp.length() - 1) : hostIp;
  }

  /** A socket bound to {@code ip} ({@code ""}: every address) and {@code port} (0: any). */
  private NetworkChannel bind(String protocol, String ip, int port) throws IOException {
    InetSocketAddress address =
        ip.isEmpty()
            ? new InetSocketAddress(ipv6 ? "::" : "0.0.0.0", port)
            : new InetSocketAddress(InetAddress.getByName(ip), port);
    StandardProtocolFamily family =
        address.getAddress() instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    NetworkChannel channel =
        switch (protocol) {
          case "tcp" -> ServerSocketChannel.open(family);
          case "udp" -> DatagramChannel.open(family);
          default -> throw BerthException.notImplemented("publishing " + protocol + " ports");
        };
    try {
      if (channel instanceof ServerSocketChannel server) {
        server.bind(address, 128);
      } else {
        channel.bind(address);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (e instanceof IOException io && !(io instanceof BindException)) {
        throw new BindException(io.getMessage());
      }
      throw e;
    }
  }

  private static boolean ipv6Works() {
    try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      probe.bind(new InetSocketAddress("::", 0));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
