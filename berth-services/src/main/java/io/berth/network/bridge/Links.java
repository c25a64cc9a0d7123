package io.berth.network.bridge;

import io.berth.errors.BerthException;
import io.berth.network.Ipv4;
import io.berth.network.Network;
import io.berth.network.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's side of bridge networks: the Linux bridges (made with their gateway address when a
 * network is made, deleted with it) and the host's routes, which a new subnet must not overlap.
 */
final class Links {

  private final HostCommand commands;

  Links(HostCommand commands) {
    this.commands = commands;
  }

  /** Whether a link called {@code name} exists. */
  static boolean exists(String name) {
    return Files.exists(Path.of("/sys/class/net", name));
  }

  /**
   * Makes {@code n}'s bridge with its gateway address and brings it up; an existing one is kept.
   */
  void ensureBridge(Network n) {
    String gateway = n.gateway().orElseThrow();
    int prefix = n.subnet().orElseThrow().prefix();
    StringBuilder batch = new StringBuilder();
    if (!exists(n.bridge())) {
      batch.append("link add name ").append(n.bridge()).append(" type bridge\n");
    } else if (hasAddress(n.bridge(), gateway + "/" + prefix)) {
      batch.append("link set ").append(n.bridge()).append(" up\n");
      run("setting up the bridge " + n.bridge() + " of network " + n.name(), batch);
      return;
    } else {
      batch.append("addr flush dev ").append(n.bridge()).append('\n');
    }
    batch.append("addr add ").append(gateway).append('/').append(prefix);
    batch.append(" dev ").append(n.bridge()).append('\n');
    batch.append("link set ").append(n.bridge()).append(" up\n");
    run("setting up the bridge " + n.bridge() + " of network " + n.name(), batch);
  }

  /** Deletes a bridge; a missing one is no error. */
  void deleteBridge(String name) {
    if (exists(name)) {
      run("deleting the bridge " + name, new StringBuilder("link del " + name + "\n"));
    }
  }

  private boolean hasAddress(String link, String cidr) {
    String out =
        commands.check(
            "reading the address of " + link,
            List.of("ip", "-4", "-o", "addr", "show", "dev", link),
            "");
    return out.contains(" " + cidr + " ");
  }

  private void run(String what, StringBuilder batch) {
    commands.check(what, List.of("ip", "-batch", "-"), batch.toString());
  }

  /** The subnets the host routes to (default routes aside), from {@code /proc/net/route}. */
  static List<Subnet> routes() {
    List<Subnet> routes = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8) {
          continue;
        }
        int destination = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
        int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
        int prefix = Integer.bitCount(mask);
        if (prefix > 0) {
          routes.add(Subnet.containing(destination, prefix));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw BerthException.internal(
          "reading the host's routes in /proc/net/route",
          e instanceof IOException io ? io : new IOException(e));
    }
    return routes;
  }

  /** The text of an address for messages. */
  static String text(int address) {
    return Ipv4.text(address);
  }
}
