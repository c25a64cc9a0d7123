package io.berth.container;

import io.berth.runtime.ConsoleSize;
import java.util.List;
import java.util.Objects;

/**
 * How the host runs a container, as Docker's {@code HostConfig}: mounts, resource limits,
 * capabilities, restart policy, network mode and networking (published ports, networks, resolver),
 * logging, the size its terminal starts with, and whether it is privileged.
 *
 * @param memory bytes, 0 for unlimited
 * @param nanoCpus CPUs in billionths, 0 for unlimited
 * @param pidsLimit 0 or less for unlimited
 * @param privileged {@code --privileged}: every capability and host device, nothing masked
 */
public record HostConfig(
    List<MountSpec> mounts,
    boolean readonlyRootfs,
    RestartPolicy restartPolicy,
    long memory,
    long nanoCpus,
    long pidsLimit,
    List<String> capAdd,
    List<String> capDrop,
    boolean init,
    String networkMode,
    boolean autoRemove,
    LogConfig logConfig,
    List<String> groupAdd,
    ConsoleSize consoleSize,
    HostNetworking networking,
    boolean privileged) {

  public HostConfig {
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(restartPolicy, "restartPolicy");
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    Objects.requireNonNull(networkMode, "networkMode");
    Objects.requireNonNull(logConfig, "logConfig");
    groupAdd = List.copyOf(groupAdd);
    // A record stored before the field existed has none: the terminal starts at 0 by 0.
    consoleSize = consoleSize == null ? ConsoleSize.UNSET : consoleSize;
    // Likewise for the network settings: nothing published, the network mode's network alone.
    networking = networking == null ? HostNetworking.NONE : networking;
    if (memory < 0 || nanoCpus < 0) {
      throw io.berth.errors.BerthException.invalid(
          "memory and CPU limits must not be negative, got memory %d, nano CPUs %d",
          memory, nanoCpus);
    }
    if (autoRemove && restartPolicy.mode() != RestartPolicy.Mode.NO) {
      throw io.berth.errors.BerthException.invalid(
          "conflicting options: cannot specify both --restart and --rm");
    }
  }

  /** Docker's defaults: no mounts, no limits, no restart, default network, json-file logs. */
  public static HostConfig defaults() {
    return new HostConfig(
        List.of(),
        false,
        RestartPolicy.NO,
        0,
        0,
        0,
        List.of(),
        List.of(),
        false,
        "default",
        false,
        LogConfig.defaults(),
        List.of(),
        ConsoleSize.UNSET,
        HostNetworking.NONE,
        false);
  }

  /** The same settings with other mounts. */
  public HostConfig withMounts(List<MountSpec> value) {
    return new HostConfig(
        value,
        readonlyRootfs,
        restartPolicy,
        memory,
        nanoCpus,
        pidsLimit,
        capAdd,
        capDrop,
        init,
        networkMode,
        autoRemove,
        logConfig,
        groupAdd,
        consoleSize,
        networking,
        privileged);
  }

  /** The same settings with another restart policy. */
  public HostConfig withRestartPolicy(RestartPolicy value) {
    return new HostConfig(
        mounts,
        readonlyRootfs,
        value,
        memory,
        nanoCpus,
        pidsLimit,
        capAdd,
        capDrop,
        init,
        networkMode,
        autoRemove,
        logConfig,
        groupAdd,
        consoleSize,
        networking,
        privileged);
  }

  /** The same settings with another log config. */
  public HostConfig withLogConfig(LogConfig value) {
    return new HostConfig(
        mounts,
        readonlyRootfs,
        restartPolicy,
        memory,
        nanoCpus,
        pidsLimit,
        capAdd,
        capDrop,
        init,
        networkMode,
        autoRemove,
        value,
        groupAdd,
        consoleSize,
        networking,
        privileged);
  }

  /** The same settings with other network settings. */
  public HostConfig withNetworking(HostNetworking value) {
    return new HostConfig(
        mounts,
        readonlyRootfs,
        restartPolicy,
        memory,
        nanoCpus,
        pidsLimit,
        capAdd,
        capDrop,
        init,
        networkMode,
        autoRemove,
        logConfig,
        groupAdd,
        consoleSize,
        value,
        privileged);
  }

  /** The same settings with another network mode. */
  public HostConfig withNetworkMode(String value) {
    return new HostConfig(
        mounts,
        readonlyRootfs,
        restartPolicy,
        memory,
        nanoCpus,
        pidsLimit,
        capAdd,
        capDrop,
        init,
        value,
        autoRemove,
        logConfig,
        groupAdd,
        consoleSize,
        networking,
        privileged);
  }
}
