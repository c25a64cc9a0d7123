package io.berth.network.bridge;

import io.berth.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * berth's iptables rules, all in chains of its own whose names start with a prefix of the daemon's
 * ({@code BERTH} for the default one): forwarding to and from its bridges, isolation between them,
 * masquerading of traffic leaving a non-internal network, and the DNAT of published ports. The
 * chains are rebuilt whole from the networks and the published ports on every change, in one {@code
 * iptables-restore --noflush}, so nothing stale survives a crash: the next daemon rebuilds them
 * from what exists. The built-in chains only get one jump each into berth's.
 */
final class Firewall {

  private final String prefix;
  private final HostCommand commands;
  private final Map<String, Network> networks = new ConcurrentHashMap<>();
  private final Map<String, List<Dnat>> published = new ConcurrentHashMap<>();
  private volatile boolean hooked;

  Firewall(String prefix, HostCommand commands) {
    this.prefix = prefix;
    this.commands = commands;
  }

  /** One published port's destination rewrite. */
  record Dnat(
      String protocol, String hostIp, int hostPort, String address, int port, String bridge) {}

  String forward() {
    return prefix + "-FWD";
  }

  String isolation1() {
    return prefix + "-ISO1";
  }

  String isolation2() {
    return prefix + "-ISO2";
  }

  String masquerade() {
    return prefix + "-NAT";
  }

  String dnat() {
    return prefix + "-DNAT";
  }

  /** Makes the chains (empty of published ports) and the jumps from the built-in chains. */
  synchronized void start(List<Network> all) {
    networks.clear();
    published.clear();
    all.stream().filter(Network::bridged).forEach(n -> networks.put(n.id(), n));
    apply();
    hook("filter", "FORWARD", List.of("-j", forward()));
    hook("nat", "POSTROUTING", List.of("-j", masquerade()));
    hook("nat", "PREROUTING", List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat()));
    hook(
        "nat",
        "OUTPUT",
        List.of("!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat()));
    hooked = true;
  }

  /** Adds or replaces a network's rules. */
  synchronized void network(Network n) {
    networks.put(n.id(), n);
    apply();
  }

  /** Removes a network's rules. */
  synchronized void removeNetwork(String id) {
    if (networks.remove(id) != null) {
      apply();
    }
  }

  /** Sets the DNAT rules of container {@code id} (none removes them). */
  synchronized void publish(String id, List<Dnat> rules) {
    List<Dnat> before = rules.isEmpty() ? published.remove(id) : published.put(id, rules);
    if (before != null || !rules.isEmpty()) {
      apply();
    }
  }

  /** Removes the jumps and berth's chains, as at a clean shutdown. */
  synchronized void stop() {
    if (!hooked) {
      return;
    }
    unhook("filter", "FORWARD", List.of("-j", forward()));
    unhook("nat", "POSTROUTING", List.of("-j", masquerade()));
    unhook("nat", "PREROUTING", List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat()));
    unhook(
        "nat",
        "OUTPUT",
        List.of("!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", dnat()));
    StringBuilder rules = new StringBuilder();
    rules.append("*filter\n");
    for (String chain : List.of(forward(), isolation1(), isolation2())) {
      rules.append(':').append(chain).append(" - [0:0]\n");
    }
    for (String chain : List.of(forward(), isolation1(), isolation2())) {
      rules.append("-X ").append(chain).append('\n');
    }
    rules.append("COMMIT\n*nat\n");
    for (String chain : List.of(masquerade(), dnat())) {
      rules.append(':').append(chain).append(" - [0:0]\n");
    }
    for (String chain : List.of(masquerade(), dnat())) {
      rules.append("-X ").append(chain).append('\n');
    }
    rules.append("COMMIT\n");
    commands.run(List.of("iptables-restore", "-w", "--noflush"), rules.toString(), Map.of());
    hooked = false;
  }

  /** The whole rule set, as iptables-restore reads it. */
  String rules() {
    List<Dnat> all = new ArrayList<>();
    published.values().forEach(all::addAll);
    return rules(List.copyOf(networks.values()), all);
  }

  /** The whole rule set of {@code networks} and {@code dnat}, as iptables-restore reads it. */
  String rules(List<Network> networks, List<Dnat> dnat) {
    List<Network> bridges =
        networks.stream().sorted(java.util.Comparator.comparing(Network::bridge)).toList();
    StringBuilder f = new StringBuilder("*filter\n");
    for (String chain : List.of(forward(), isolation1(), isolation2())) {
      f.append(':').append(chain).append(" - [0:0]\n");
    }
    f.append(rule(forward(), "-j", isolation1()));
    for (Network n : bridges) {
      String b = n.bridge();
      f.append(rule(forward(), "-i", b, "-o", b, "-j", "ACCEPT"));
      if (n.internal()) {
        f.append(rule(forward(), "-i", b, "-j", "DROP"));
        f.append(rule(forward(), "-o", b, "-j", "DROP"));
        continue;
      }
      f.append(
          rule(
              forward(),
              "-o",
              b,
              "-m",
              "conntrack",
              "--ctstate",
              "RELATED,ESTABLISHED",
              "-j",
              "ACCEPT"));
      f.append(rule(forward(), "-i", b, "!", "-o", b, "-j", "ACCEPT"));
      f.append(rule(isolation1(), "-i", b, "!", "-o", b, "-j", isolation2()));
      f.append(rule(isolation2(), "-o", b, "-j", "DROP"));
    }
    List<Dnat> all = new ArrayList<>(dnat);
    all.sort(
        java.util.Comparator.comparingInt((Dnat d) -> d.hostPort())
            .thenComparing(d -> d.protocol()));
    Set<String> accepted = new java.util.HashSet<>();
    for (Dnat d : all) {
      String key = d.address() + "/" + d.protocol() + "/" + d.port();
      if (accepted.add(key)) {
        f.append(
            rule(
                forward(),
                "-d",
                d.address() + "/32",
                "!",
                "-i",
                d.bridge(),
                "-o",
                d.bridge(),
                "-p",
                d.protocol(),
                "-m",
                d.protocol(),
                "--dport",
                Integer.toString(d.port()),
                "-j",
                "ACCEPT"));
      }
    }
    f.append(rule(isolation1(), "-j", "RETURN"));
    f.append(rule(isolation2(), "-j", "RETURN"));
    f.append("COMMIT\n*nat\n");
    for (String chain : List.of(masquerade(), dnat())) {
      f.append(':').append(chain).append(" - [0:0]\n");
    }
    for (Network n : bridges) {
      if (!n.internal()) {
        f.append(
            rule(
                masquerade(),
                "-s",
                n.subnet().orElseThrow().toString(),
                "!",
                "-o",
                n.bridge(),
                "-j",
                "MASQUERADE"));
      }
    }
    for (Dnat d : all) {
      List<String> words = new ArrayList<>(List.of(dnat()));
      if (!d.hostIp().isEmpty()) {
        words.addAll(List.of("-d", d.hostIp() + "/32"));
      }
      words.addAll(
          List.of(
              "!",
              "-i",
              d.bridge(),
              "-p",
              d.protocol(),
              "-m",
              d.protocol(),
              "--dport",
              Integer.toString(d.hostPort()),
              "-j",
              "DNAT",
              "--to-destination",
              d.address() + ":" + d.port()));
      f.append(rule(words.toArray(String[]::new)));
    }
    f.append("COMMIT\n");
    return f.toString();
  }

  private static String rule(String... words) {
    return "-A " + String.join(" ", words) + "\n";
  }

  private void apply() {
    commands.check(
        "writing berth's iptables rules (" + prefix + "-*)",
        List.of("iptables-restore", "-w", "--noflush"),
        rules());
  }

  private void hook(String table, String chain, List<String> rule) {
    List<String> check = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-C", chain));
    check.addAll(rule);
    if (commands.run(check, "", Map.of()).ok()) {
      return;
    }
    List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-I", chain, "1"));
    insert.addAll(rule);
    commands.check("adding berth's jump to " + table + " " + chain, insert, "");
  }

  private void unhook(String table, String chain, List<String> rule) {
    List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D", chain));
    delete.addAll(rule);
    for (int i = 0; i < 8 && commands.run(delete, "", Map.of()).ok(); i++) {
      // A jump added twice (by two daemons of one prefix) is removed as often as it is there.
    }
  }
}
