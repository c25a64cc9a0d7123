package io.berth.daemon;

import io.berth.api.EngineEvent;
import io.berth.network.NetworkEvents;
import io.berth.network.NetworkService;
import io.berth.network.bridge.BridgeNetworks;
import io.berth.network.bridge.BridgeSettings;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;

/** Picks the network service (Linux bridges and CNI plugins) and recovers it. */
final class NetworkWiring {
  private static final System.Logger LOG = System.getLogger(NetworkWiring.class.getName());

  private NetworkWiring() {}

  /** The network service of the daemon, what a killed daemon left released. */
  static NetworkService open(DaemonConfig config, EventBus bus, Clock clock) {
    DaemonConfig.Networking n = config.networking();
    BridgeSettings settings =
        new BridgeSettings(
            config.root().resolve("network"),
            n.bridge(),
            n.bridgeSubnet(),
            n.pool(),
            n.poolSize(),
            Path.of("/usr/lib/cni"),
            warning -> LOG.log(Level.WARNING, warning));
    NetworkEvents events =
        (action, id, attributes) ->
            bus.publish(new EngineEvent("network", action, id, attributes, clock.instant()));
    BridgeNetworks networks = new BridgeNetworks(settings, events, clock);
    networks.recover();
    return networks;
  }
}
