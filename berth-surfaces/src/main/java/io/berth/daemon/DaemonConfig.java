package io.berth.daemon;

import io.berth.errors.BerthException;
import io.berth.network.Subnet;
import io.berth.network.bridge.BridgeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The daemon's effective settings, from its flags and environment. */
public record DaemonConfig(
    Path root,
    List<Path> sockets,
    String group,
    String runtime,
    Path execRoot,
    String logLevel,
    Networking networking) {

  /**
   * The default network's bridge and subnet ({@code --bridge}, {@code --bip}; no subnet: a free one
   * from the pool) and the pool user-defined networks take subnets of {@code poolSize} from ({@code
   * --default-address-pool}).
   */
  public record Networking(
      String bridge, java.util.Optional<Subnet> bridgeSubnet, Subnet pool, int poolSize) {

    /** {@code berth0} on 10.210.0.0/16, user-defined networks in /24s of 10.211.0.0/16. */
    public static final Networking DEFAULT =
        new Networking(
            "berth0",
            java.util.Optional.of(BridgeSettings.DEFAULT_SUBNET),
            BridgeSettings.DEFAULT_POOL,
            24);

    public Networking {
      Objects.requireNonNull(bridge, "bridge");
      Objects.requireNonNull(bridgeSubnet, "bridgeSubnet");
      Objects.requireNonNull(pool, "pool");
    }

    /**
     * A bridge of its own for a test daemon, its subnets /24s of 10.213.0.0/16 that no other
     * daemon's bridge holds, so that daemons of tests running at once never meet.
     */
    static Networking forTest() {
      String hex =
          java.util.HexFormat.of()
              .formatHex(
                  java.nio.ByteBuffer.allocate(4)
                      .putInt(new java.security.SecureRandom().nextInt())
                      .array());
      return new Networking(
          "bt" + hex, java.util.Optional.empty(), Subnet.parse("10.213.0.0/16"), 24);
    }
  }

  /** The default socket, as {@code /var/run/docker.sock} is Docker's. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");

  /** The default root when neither {@code --root} nor {@code BERTH_ROOT} says otherwise. */
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth");

  public DaemonConfig {
    Objects.requireNonNull(root, "root");
    sockets = List.copyOf(sockets);
    if (sockets.isEmpty()) {
      throw BerthException.invalid("the daemon needs at least one socket to listen on");
    }
    Objects.requireNonNull(group, "group");
    if (!runtime.equals("runc") && !runtime.equals("crun")) {
      throw BerthException.invalid("unknown runtime %s (expected runc or crun)", runtime);
    }
    Objects.requireNonNull(execRoot, "execRoot");
    Objects.requireNonNull(logLevel, "logLevel");
    networking = networking == null ? Networking.DEFAULT : networking;
  }

  /** Settings for a daemon in {@code root} listening on {@code socket}, as tests start them. */
  public static DaemonConfig forTest(Path root, Path socket) {
    return new DaemonConfig(
        root, List.of(socket), "berth", "runc", root.resolve("exec"), "warn", Networking.forTest());
  }

  /** The socket path of a {@code -H} value: {@code unix:///path}; tcp is not implemented. */
  public static Path socketOf(String host) {
    if (host.startsWith("unix://")) {
      String path = host.substring("unix://".length());
      if (!path.startsWith("/")) {
        throw BerthException.invalid("invalid host %s: the socket path must be absolute", host);
      }
      return Path.of(path);
    }
    if (host.startsWith("tcp://") || host.startsWith("fd://") || host.startsWith("ssh://")) {
      throw BerthException.notImplemented("listening on " + host + " (only unix:// sockets)");
    }
    throw BerthException.invalid("invalid host %s: expected unix:///path/to/socket", host);
  }
}
