package io.berth.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a container asks to be on one network ({@code EndpointSettings} of a create or connect
 * request): its extra names there ({@code --network-alias}), a fixed IPv4 address ({@code --ip})
 * and MAC address ({@code --mac-address}).
 */
public record EndpointConfig(
    List<String> aliases, Optional<String> ipv4Address, Optional<String> macAddress) {

  /** No aliases, any address. */
  public static final EndpointConfig DEFAULT =
      new EndpointConfig(List.of(), Optional.empty(), Optional.empty());

  public EndpointConfig {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    ipv4Address = ipv4Address == null ? Optional.empty() : ipv4Address.filter(s -> !s.isEmpty());
    macAddress = macAddress == null ? Optional.empty() : macAddress.filter(s -> !s.isEmpty());
    ipv4Address.ifPresent(Ipv4::parse);
    macAddress.ifPresent(EndpointConfig::checkMac);
    Objects.requireNonNull(aliases, "aliases");
  }

  private static void checkMac(String mac) {
    if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw io.berth.errors.BerthException.invalid(
          "invalid MAC address %s: expected six hex pairs such as 02:42:ac:11:00:02", mac);
    }
  }
}
