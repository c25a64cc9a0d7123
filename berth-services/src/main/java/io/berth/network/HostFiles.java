package io.berth.network;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a container's {@code /etc/hosts} and {@code /etc/resolv.conf}, as Docker writes them:
 * loopback names and the container's own name in hosts; the host's resolver without loopback
 * nameservers (which would point into the container itself), or Google's public ones when none is
 * left.
 */
public final class HostFiles {

  /** The nameservers Docker falls back to when the host has only loopback ones. */
  public static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  private static final Pattern LOOPBACK = Pattern.compile("^(127\\.|::1$|0:0:0:0:0:0:0:1$).*");

  private HostFiles() {}

  /** {@code /etc/hosts} for a container called {@code hostname} with the given network mode. */
  public static String hosts(String hostname, NetworkMode mode, String hostHosts) {
    if (mode == NetworkMode.HOST) {
      return hostHosts;
    }
    return """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::\tip6-localnet
        ff00::\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters
        127.0.1.1\t%s
        """
        .formatted(hostname);
  }

  /**
   * {@code /etc/resolv.conf} from the host's {@code hostResolv}: unchanged for the host's network,
   * else without loopback nameservers (Docker's defaults added when none is left).
   */
  public static String resolvConf(String hostResolv, NetworkMode mode) {
    if (mode == NetworkMode.HOST) {
      return hostResolv;
    }
    List<String> lines = new ArrayList<>();
    boolean nameserver = false;
    for (String line : hostResolv.split("\n", -1)) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length >= 2 && fields[0].equals("nameserver")) {
        if (LOOPBACK.matcher(fields[1]).matches()) {
          continue;
        }
        nameserver = true;
      }
      lines.add(line);
    }
    while (!lines.isEmpty() && lines.getLast().isBlank()) {
      lines.removeLast();
    }
    if (!nameserver) {
      DEFAULT_NAMESERVERS.forEach(ns -> lines.add("nameserver " + ns));
    }
    return String.join("\n", lines) + "\n";
  }
}
