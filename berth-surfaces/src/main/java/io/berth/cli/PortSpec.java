package io.berth.cli;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;

/** One {@code -p [ip:][hostPort:]containerPort[/proto]} flag. */
record PortSpec(String hostIp, String hostPort, String containerPort) {

  static List<PortSpec> parseAll(List<String> specs) {
    List<PortSpec> all = new ArrayList<>();
    specs.forEach(s -> all.add(parse(s)));
    return all;
  }

  static PortSpec parse(String spec) {
    String proto = "tcp";
    String rest = spec;
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      proto = spec.substring(slash + 1);
      rest = spec.substring(0, slash);
    }
    if (!List.of("tcp", "udp", "sctp").contains(proto)) {
      throw BerthException.invalid("invalid proto: %s in port spec %s", proto, spec);
    }
    String ip = "";
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw BerthException.invalid("invalid IP address in port spec %s", spec);
      }
      ip = rest.substring(1, close);
      rest = rest.substring(close + 1);
      rest = rest.startsWith(":") ? rest.substring(1) : rest;
      rest = ":" + rest;
    }
    String[] parts = rest.split(":", -1);
    String container = parts[parts.length - 1];
    String host = parts.length >= 2 ? parts[parts.length - 2] : "";
    if (parts.length == 3) {
      ip = parts[0];
    } else if (parts.length > 3) {
      throw BerthException.invalid("invalid port format: %s", spec);
    }
    if (!container.matches("[0-9]+(-[0-9]+)?") || !host.matches("([0-9]+(-[0-9]+)?)?")) {
      throw BerthException.invalid("invalid port format for %s: expected numbers", spec);
    }
    return new PortSpec(ip, host, container + "/" + proto);
  }
}
