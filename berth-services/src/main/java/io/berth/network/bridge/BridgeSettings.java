package io.berth.network.bridge;

import io.berth.network.Subnet;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon-wide settings of bridge networking: where its state lives, the default network's Linux
 * bridge and subnet, the pool user-defined networks take their subnets from, where the CNI plugins
 * are, and where degraded-mode warnings go.
 *
 * @param state {@code <root>/network}: network records, namespace files, IPAM allocations
 * @param bridge the default network's bridge ({@code berth0}; Docker's is {@code docker0})
 * @param bridgeSubnet the default network's subnet; empty to take a free one from {@code pool}
 * @param pool where subnets of user-defined networks come from
 * @param poolSize the prefix length of each subnet taken from {@code pool}
 */
public record BridgeSettings(
    Path state,
    String bridge,
    Optional<Subnet> bridgeSubnet,
    Subnet pool,
    int poolSize,
    Path cniPlugins,
    Consumer<String> warnings) {

  /** The default network's subnet: away from Docker's 172.17.0.0/16 and its pools. */
  public static final Subnet DEFAULT_SUBNET = Subnet.parse("10.210.0.0/16");

  /** Where user-defined networks take a /24 each. */
  public static final Subnet DEFAULT_POOL = Subnet.parse("10.211.0.0/16");

  public BridgeSettings {
    Objects.requireNonNull(state, "state");
    if (!bridge.matches("[a-zA-Z0-9_.-]{1,15}")) {
      throw io.berth.errors.BerthException.invalid(
          "invalid bridge name %s: 1 to 15 letters, digits, '_', '.' or '-'", bridge);
    }
    Objects.requireNonNull(bridgeSubnet, "bridgeSubnet");
    Objects.requireNonNull(pool, "pool");
    if (poolSize < pool.prefix() || poolSize > 30) {
      throw io.berth.errors.BerthException.invalid(
          "invalid address pool size /%d for %s: expected /%d to /30",
          poolSize, pool, pool.prefix());
    }
    Objects.requireNonNull(cniPlugins, "cniPlugins");
    Objects.requireNonNull(warnings, "warnings");
  }

  /**
   * The defaults under {@code root}: {@code berth0} on 10.210.0.0/16, user networks from 10.211/16.
   */
  public static BridgeSettings defaults(Path root, Consumer<String> warnings) {
    return new BridgeSettings(
        root.resolve("network"),
        "berth0",
        Optional.of(DEFAULT_SUBNET),
        DEFAULT_POOL,
        24,
        Path.of("/usr/lib/cni"),
        warnings);
  }

  /** The prefix of berth's iptables chains: {@code BERTH} for {@code berth0}, else per bridge. */
  String chainPrefix() {
    return bridge.equals("berth0") ? "BERTH" : "BERTH-" + bridge.toUpperCase(java.util.Locale.ROOT);
  }
}
