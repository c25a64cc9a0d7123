package io.berth.network;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network containers can join: one of the three Docker always has ({@code bridge}, {@code host},
 * {@code none}) or a user-defined bridge network, with its address plan and the Linux bridge that
 * carries it.
 *
 * @param id 64 hex digits
 * @param driver {@code bridge}, {@code host} or {@code null}, as Docker names them
 * @param subnet the addresses of a bridge network, empty for host and none
 * @param gateway the bridge's own address in {@code subnet}
 * @param ipRange the part of {@code subnet} containers get addresses from ({@code --ip-range})
 * @param bridge the Linux bridge's name, empty for host and none
 * @param internal whether traffic is kept inside the network (no route out, no published ports
 *     reachable from outside)
 */
public record Network(
    String id,
    String name,
    String driver,
    Instant created,
    Optional<Subnet> subnet,
    Optional<String> gateway,
    Optional<Subnet> ipRange,
    String bridge,
    boolean internal,
    Map<String, String> labels,
    Map<String, String> options) {

  /** The name of the default network, {@code bridge}. */
  public static final String DEFAULT = "bridge";

  public Network {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(gateway, "gateway");
    ipRange = ipRange == null ? Optional.empty() : ipRange;
    Objects.requireNonNull(bridge, "bridge");
    labels = Map.copyOf(labels);
    options = Map.copyOf(options);
  }

  /** Whether this is one of the networks every engine has: bridge, host, none. */
  public boolean predefined() {
    return name.equals(DEFAULT) || name.equals("host") || name.equals("none");
  }

  /** Whether containers get an interface and an address on it (a bridge network). */
  public boolean bridged() {
    return driver.equals("bridge");
  }

  /** Whether names of other containers resolve on it: user-defined networks only, as in Docker. */
  public boolean resolvesNames() {
    return bridged() && !name.equals(DEFAULT);
  }
}
