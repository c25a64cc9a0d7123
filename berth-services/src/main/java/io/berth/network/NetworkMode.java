package io.berth.network;

import io.berth.errors.BerthException;

/**
 * Docker's {@code --network} for one container: its own namespace with only loopback ({@code
 * none}), the host's namespace ({@code host}), or the default bridge.
 */
public enum NetworkMode {
  /** A namespace of its own with only the loopback interface. */
  NONE,
  /** The host's network namespace, its interfaces and its resolver. */
  HOST,
  /**
   * Docker's default bridge. TODO(#5): no bridge exists yet, so such a container gets a namespace
   * of its own with only loopback, as {@link #NONE} (docs/compatibility.md).
   */
  BRIDGE;

  /** The mode {@code --network} names: {@code none}, {@code host}, {@code bridge} or default. */
  public static NetworkMode parse(String name) {
    return switch (name) {
      case "", "default", "bridge" -> BRIDGE;
      case "none" -> NONE;
      case "host" -> HOST;
      default ->
          throw BerthException.notImplemented(
              "network mode \"" + name + "\" (only none, host and the default bridge)");
    };
  }

  /** The name as Docker's {@code HostConfig.NetworkMode} spells it. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
