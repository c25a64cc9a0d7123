package io.berth.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The flags of RUN: its mounts, its network mode and its security mode. */
public record RunFlags(
    List<MountSpec> mounts, Optional<Network> network, Optional<Security> security) {

  /** No flags. */
  public static final RunFlags NONE = new RunFlags(List.of(), Optional.empty(), Optional.empty());

  /** {@code RUN --network}. */
  public enum Network {
    DEFAULT,
    NONE,
    HOST
  }

  /** {@code RUN --security}. */
  public enum Security {
    SANDBOX,
    INSECURE
  }

  public RunFlags {
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(security, "security");
  }
}
