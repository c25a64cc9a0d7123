package io.berth.network;

import io.berth.errors.BerthException;

/**
 * The kind of network Docker's {@code --network} gives one container: its own namespace with only
 * loopback ({@code none}), the host's namespace ({@code host}), or a namespace of its own on a
 * bridge network, the default one ({@code bridge}) or a user-defined one.
 */
public enum NetworkMode {
  /** A namespace of its own with only the loopback interface. */
  NONE,
  /** The host's network namespace, its interfaces and its resolver. */
  HOST,
  /** A namespace of its own with an interface on a bridge network (default or user-defined). */
  BRIDGE;

  /** The mode {@code --network} names: {@code none}, {@code host}, or a bridge network's name. */
  public static NetworkMode parse(String name) {
    if (name.startsWith("container:")) {
      throw BerthException.notImplemented(
          "network mode \"" + name + "\" (sharing another container's network namespace)");
    }
    return switch (name) {
      case "none" -> NONE;
      case "host" -> HOST;
      default -> BRIDGE;
    };
  }

  /** The network a {@code HostConfig.NetworkMode} names: {@code default} is {@code bridge}. */
  public static String networkName(String mode) {
    return mode.isEmpty() || mode.equals("default") ? Network.DEFAULT : mode;
  }
}
