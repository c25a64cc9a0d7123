package io.berth.cli;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * One container port of a {@code -p [ip:][hostPort:]containerPort[/proto]} flag, as docker's CLI
 * expands it: a range of container ports gives one spec each, paired with the same place in an
 * equal host range; a single container port keeps a host range whole for the daemon to pick from.
 *
 * @param hostIp {@code ""} for every address; an IPv6 address without its brackets
 * @param hostPort a port, a range, or {@code ""} for any free one
 * @param containerPort {@code 80/tcp}
 */
record PortSpec(String hostIp, String hostPort, String containerPort) {

  static List<PortSpec> parseAll(List<String> specs) {
    List<PortSpec> all = new ArrayList<>();
    specs.forEach(s -> all.addAll(parse(s)));
    return all;
  }

  static List<PortSpec> parse(String spec) {
    String proto = "tcp";
    String rest = spec;
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      proto = spec.substring(slash + 1);
      rest = spec.substring(0, slash);
    }
    if (!List.of("tcp", "udp", "sctp").contains(proto)) {
      throw BerthException.invalid("invalid proto: %s", proto);
    }
    String ip = "";
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
        throw BerthException.invalid("invalid IP address: %s", spec);
      }
      ip = rest.substring(1, close);
      rest = rest.substring(close + 2);
      if (rest.indexOf(':') < 0) {
        rest = ":" + rest;
      }
    } else {
      int last = rest.lastIndexOf(':');
      int first = rest.indexOf(':');
      if (last > first) {
        int hostPortColon = rest.lastIndexOf(':', last - 1);
        ip = rest.substring(0, hostPortColon);
        rest = rest.substring(hostPortColon + 1);
      }
    }
    if (!ip.isEmpty() && !ip.matches("[0-9.]+") && !ip.contains(":")) {
      throw BerthException.invalid("invalid IP address: %s", ip);
    }
    int colon = rest.indexOf(':');
    String host = colon < 0 ? "" : rest.substring(0, colon);
    String container = colon < 0 ? rest : rest.substring(colon + 1);
    int[] containers = range(container, "containerPort");
    int[] hosts = host.isEmpty() ? null : range(host, "hostPort");
    if (container.isEmpty()) {
      throw BerthException.invalid("no port specified: %s<empty>", spec);
    }
    int count = containers[1] - containers[0] + 1;
    if (hosts != null && count > 1 && hosts[1] - hosts[0] + 1 != count) {
      throw BerthException.invalid(
          "invalid ranges specified for container and host Ports: %s and %s", container, host);
    }
    List<PortSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String hostPort = hosts == null ? "" : count == 1 ? host : Integer.toString(hosts[0] + i);
      specs.add(new PortSpec(ip, hostPort, (containers[0] + i) + "/" + proto));
    }
    return specs;
  }

  /** A port or {@code first-last}; docker's message names which part is wrong. */
  private static int[] range(String text, String what) {
    if (!text.matches("[0-9]+(-[0-9]+)?")) {
      throw BerthException.invalid("invalid %s: %s", what, text);
    }
    int dash = text.indexOf('-');
    int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
    int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
    if (first > 65535 || last > 65535 || (what.equals("containerPort") && first == 0)) {
      throw BerthException.invalid("invalid %s: %s", what, text);
    }
    if (last < first) {
      throw BerthException.invalid(
          "invalid range specified for %s: %s: the end is before the start", what, text);
    }
    return new int[] {first, last};
  }
}
