package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.ContainerConfig;
import io.berth.container.CreateRequest;
import io.berth.container.DetachKeys;
import io.berth.container.ExecConfig;
import io.berth.container.HostConfig;
import io.berth.container.HostNetworking;
import io.berth.container.HostResources;
import io.berth.container.LogConfig;
import io.berth.container.MountSpec;
import io.berth.container.RestartPolicy;
import io.berth.errors.BerthException;
import io.berth.network.ContainerPort;
import io.berth.network.DnsSettings;
import io.berth.network.EndpointConfig;
import io.berth.network.NetworkMode;
import io.berth.network.PortBinding;
import io.berth.oci.RunConfig.HealthConfig;
import io.berth.runtime.ConsoleSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one translator from Docker's request bodies ({@code ContainerCreateRequest}, {@code
 * ExecConfig}) to the container service's model; fields berth does not support are refused by name
 * rather than ignored.
 */
final class ContainerRequests {

  private ContainerRequests() {}

  static CreateRequest create(JsonNode body, Optional<String> name, boolean replace) {
    ContainerConfig config =
        new ContainerConfig(
            text(body, "Image"),
            strings(body.path("Cmd")),
            body.path("Entrypoint").isNull() || body.path("Entrypoint").isMissingNode()
                ? Optional.empty()
                : Optional.of(strings(body.path("Entrypoint"))),
            strings(body.path("Env")),
            text(body, "WorkingDir"),
            text(body, "User"),
            map(body.path("Labels")),
            body.path("Tty").asBoolean(false),
            body.path("OpenStdin").asBoolean(false),
            body.path("StdinOnce").asBoolean(false),
            text(body, "Hostname"),
            text(body, "StopSignal"),
            body.path("StopTimeout").isNumber()
                ? Optional.of(body.path("StopTimeout").asInt())
                : Optional.empty(),
            health(body.path("Healthcheck")),
            keys(body.path("Volumes")),
            exposed(body.path("ExposedPorts")));
    if (config.image().isEmpty()) {
      throw BerthException.invalid("config.Image is required: no image was given");
    }
    HostConfig host = host(body.path("HostConfig"));
    host = host.withNetworking(networking(body, host.networkMode()));
    return new CreateRequest(name, config, host, replace);
  }

  private static Set<ContainerPort> exposed(JsonNode ports) {
    Set<ContainerPort> exposed = new java.util.TreeSet<>();
    ports.fieldNames().forEachRemaining(p -> exposed.add(ContainerPort.parse(p)));
    return exposed;
  }

  /**
   * Docker's {@code HostConfig} port and resolver fields and {@code NetworkingConfig}; the
   * deprecated top-level {@code MacAddress} goes to the network mode's endpoint.
   */
  private static HostNetworking networking(JsonNode body, String networkMode) {
    JsonNode h = body.path("HostConfig");
    Map<String, List<PortBinding>> ports = new TreeMap<>();
    h.path("PortBindings")
        .properties()
        .forEach(
            e -> {
              List<PortBinding> list = new ArrayList<>();
              for (JsonNode b : e.getValue()) {
                list.add(new PortBinding(text(b, "HostIp"), text(b, "HostPort")));
              }
              ports.put(ContainerPort.parse(e.getKey()).wire(), list);
            });
    Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    body.path("NetworkingConfig")
        .path("EndpointsConfig")
        .properties()
        .forEach(e -> endpoints.put(e.getKey(), endpoint(e.getValue())));
    String mac = text(body, "MacAddress");
    if (!mac.isEmpty()) {
      String key = endpoints.containsKey(networkMode) ? networkMode : "default";
      EndpointConfig old = endpoints.getOrDefault(key, EndpointConfig.DEFAULT);
      endpoints.put(key, new EndpointConfig(old.aliases(), old.ipv4Address(), Optional.of(mac)));
    }
    return new HostNetworking(
        ports,
        h.path("PublishAllPorts").asBoolean(false),
        endpoints,
        new DnsSettings(
            strings(h.path("Dns")), strings(h.path("DnsSearch")), strings(h.path("DnsOptions"))),
        strings(h.path("ExtraHosts")));
  }

  /** Docker's {@code EndpointSettings} in a create or connect request. */
  static EndpointConfig endpoint(JsonNode e) {
    return new EndpointConfig(
        strings(e.path("Aliases")),
        Optional.of(text(e.path("IPAMConfig"), "IPv4Address")),
        Optional.of(text(e, "MacAddress")));
  }

  private static HostConfig host(JsonNode h) {
    List<MountSpec> mounts = new ArrayList<>();
    for (JsonNode bind : h.path("Binds")) {
      mounts.add(MountSpec.parseBind(bind.asText()));
    }
    for (JsonNode m : h.path("Mounts")) {
      mounts.add(mount(m));
    }
    h.path("Tmpfs")
        .properties()
        .forEach(e -> mounts.add(MountSpec.parseTmpfs(e.getKey(), e.getValue().asText())));
    JsonNode restart = h.path("RestartPolicy");
    JsonNode log = h.path("LogConfig");
    refuseUnsupported(h);
    return new HostConfig(
        mounts,
        h.path("ReadonlyRootfs").asBoolean(false),
        RestartPolicy.of(
            restart.path("Name").asText(""), restart.path("MaximumRetryCount").asInt(0)),
        h.path("Memory").asLong(0),
        h.path("NanoCpus").asLong(0),
        h.path("PidsLimit").asLong(0),
        strings(h.path("CapAdd")),
        strings(h.path("CapDrop")),
        h.path("Init").asBoolean(false),
        NetworkMode.networkName(h.path("NetworkMode").asText("default")),
        h.path("AutoRemove").asBoolean(false),
        new LogConfig(log.path("Type").asText(""), map(log.path("Config"))),
        strings(h.path("GroupAdd")),
        consoleSize(h.path("ConsoleSize"), "HostConfig.ConsoleSize"),
        HostNetworking.NONE,
        h.path("Privileged").asBoolean(false),
        resources(h));
  }

  /** The finer resource fields: reservation, swap, shares, cpuset, sysctls, OOM, ulimits, shm. */
  private static HostResources resources(JsonNode h) {
    SecurityOptions security = securityOptions(strings(h.path("SecurityOpt")));
    List<HostResources.Ulimit> ulimits = new ArrayList<>();
    for (JsonNode u : h.path("Ulimits")) {
      ulimits.add(
          new HostResources.Ulimit(
              u.path("Name").asText(""), u.path("Soft").asLong(0), u.path("Hard").asLong(0)));
    }
    return new HostResources(
        h.path("MemoryReservation").asLong(0),
        h.path("MemorySwap").asLong(0),
        h.path("CpuShares").asLong(0),
        text(h, "CpusetCpus"),
        map(h.path("Sysctls")),
        h.path("OomScoreAdj").asInt(0),
        ulimits,
        h.path("ShmSize").asLong(0),
        security.noNewPrivileges(),
        security.noSeccomp());
  }

  /** What {@code SecurityOpt} asks for. */
  record SecurityOptions(boolean noNewPrivileges, boolean noSeccomp) {}

  /**
   * {@code SecurityOpt}: {@code no-new-privileges} and {@code seccomp=unconfined} are applied;
   * asking for no AppArmor profile or no SELinux labels is what berth does anyway; any other option
   * (a seccomp profile of one's own among them) is refused.
   */
  static SecurityOptions securityOptions(List<String> options) {
    boolean noNewPrivileges = false;
    boolean noSeccomp = false;
    for (String option : options) {
      String o = option.replace(':', '=');
      switch (o) {
        case "no-new-privileges", "no-new-privileges=true" -> noNewPrivileges = true;
        case "no-new-privileges=false" -> noNewPrivileges = false;
        case "seccomp=unconfined" -> noSeccomp = true;
        case "apparmor=unconfined", "label=disable" -> {}
        default ->
            throw BerthException.notImplemented(
                "--security-opt "
                    + (option.length() > 60 ? option.substring(0, 60) + "…" : option)
                    + " (berth applies its own seccomp filter, or none, and no AppArmor or SELinux"
                    + " profile)");
      }
    }
    return new SecurityOptions(noNewPrivileges, noSeccomp);
  }

  /**
   * Refuses, by name, the {@code HostConfig} fields berth does not apply when they ask for
   * something other than the default; the docker CLI sends them all, zero or empty when unset.
   */
  private static void refuseUnsupported(JsonNode h) {
    refuse(h, "Devices", "--device");
    refuse(h, "DeviceRequests", "--gpus");
    refuse(h, "DeviceCgroupRules", "--device-cgroup-rule");
    refuse(h, "Links", "--link (legacy links; use a user-defined network)");
    refuse(h, "VolumesFrom", "--volumes-from");
    refuse(h, "CgroupParent", "--cgroup-parent");
    refuse(h, "BlkioWeight", "--blkio-weight");
    refuse(h, "BlkioWeightDevice", "--blkio-weight-device");
    refuse(h, "BlkioDeviceReadBps", "--device-read-bps");
    refuse(h, "BlkioDeviceWriteBps", "--device-write-bps");
    refuse(h, "BlkioDeviceReadIOps", "--device-read-iops");
    refuse(h, "BlkioDeviceWriteIOps", "--device-write-iops");
    refuse(h, "CpuPeriod", "--cpu-period");
    refuse(h, "CpuQuota", "--cpu-quota");
    refuse(h, "CpuRealtimePeriod", "--cpu-rt-period");
    refuse(h, "CpuRealtimeRuntime", "--cpu-rt-runtime");
    refuse(h, "CpusetMems", "--cpuset-mems");
    refuse(h, "OomKillDisable", "--oom-kill-disable");
    refuse(h, "StorageOpt", "--storage-opt");
    refuse(h, "MaskedPaths", "HostConfig.MaskedPaths");
    refuse(h, "ReadonlyPaths", "HostConfig.ReadonlyPaths");
    if (h.path("MemorySwappiness").isNumber() && h.path("MemorySwappiness").asLong() != -1) {
      throw BerthException.notImplemented("--memory-swappiness");
    }
    refuseMode(h, "IpcMode", "--ipc", "private", "shareable");
    refuseMode(h, "PidMode", "--pid");
    refuseMode(h, "UTSMode", "--uts");
    refuseMode(h, "UsernsMode", "--userns", "host");
    refuseMode(h, "Isolation", "--isolation", "default");
    refuseMode(h, "VolumeDriver", "--volume-driver", "local");
  }

  /** A mode field other than empty or the {@code allowed} values berth behaves as. */
  private static void refuseMode(JsonNode h, String field, String flag, String... allowed) {
    String mode = text(h, field);
    if (!mode.isEmpty() && !List.of(allowed).contains(mode)) {
      throw BerthException.notImplemented(flag + " " + mode + " (HostConfig." + field + ")");
    }
  }

  /** Docker's {@code ConsoleSize}, {@code [height, width]}; null or absent is 0 by 0. */
  static ConsoleSize consoleSize(JsonNode node, String field) {
    if (node.isNull() || node.isMissingNode()) {
      return ConsoleSize.UNSET;
    }
    if (!node.isArray()
        || node.size() != 2
        || !node.get(0).canConvertToInt()
        || !node.get(1).canConvertToInt()) {
      throw BerthException.invalid(
          "%s must be an array of two integers [height, width], got: %s", field, node);
    }
    return new ConsoleSize(node.get(0).asInt(), node.get(1).asInt());
  }

  private static void refuse(JsonNode h, String field, String feature) {
    JsonNode v = h.path(field);
    boolean set =
        v.isBoolean()
            ? v.asBoolean()
            : v.isNumber()
                ? v.asLong() != 0
                : (v.isContainerNode() && !v.isEmpty()) || (v.isTextual() && !v.asText().isEmpty());
    if (set) {
      throw BerthException.notImplemented(feature);
    }
  }

  private static MountSpec mount(JsonNode m) {
    String type = m.path("Type").asText("volume");
    MountSpec.Type t =
        switch (type) {
          case "bind" -> MountSpec.Type.BIND;
          case "volume" -> MountSpec.Type.VOLUME;
          case "tmpfs" -> MountSpec.Type.TMPFS;
          default -> throw BerthException.invalid("mount type unknown: %s", type);
        };
    List<String> options = new ArrayList<>();
    JsonNode tmpfs = m.path("TmpfsOptions");
    if (tmpfs.path("SizeBytes").asLong(0) > 0) {
      options.add("size=" + tmpfs.path("SizeBytes").asLong());
    }
    if (tmpfs.path("Mode").asInt(0) > 0) {
      options.add("mode=" + Integer.toOctalString(tmpfs.path("Mode").asInt()));
    }
    if (t == MountSpec.Type.VOLUME && m.path("VolumeOptions").path("NoCopy").asBoolean(false)) {
      options.add(MountSpec.NOCOPY);
    }
    String propagation = m.path("BindOptions").path("Propagation").asText("");
    if (!List.of("", "rprivate", "private").contains(propagation)) {
      throw BerthException.notImplemented("bind propagation " + propagation);
    }
    String source = m.path("Source").asText("");
    if (t == MountSpec.Type.BIND && !java.nio.file.Files.exists(java.nio.file.Path.of(source))) {
      throw BerthException.invalid(
          "invalid mount config for type \"bind\": bind source path does not exist: %s", source);
    }
    return new MountSpec(
        t, source, m.path("Target").asText(""), m.path("ReadOnly").asBoolean(), options);
  }

  private static Optional<HealthConfig> health(JsonNode h) {
    if (!h.isObject() || h.path("Test").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HealthConfig(
            strings(h.path("Test")),
            Duration.ofNanos(h.path("Interval").asLong(0)),
            Duration.ofNanos(h.path("Timeout").asLong(0)),
            Duration.ofNanos(h.path("StartPeriod").asLong(0)),
            Duration.ofNanos(h.path("StartInterval").asLong(0)),
            h.path("Retries").asInt(0)));
  }

  static ExecConfig exec(JsonNode body) {
    return new ExecConfig(
        strings(body.path("Cmd")),
        strings(body.path("Env")),
        text(body, "User"),
        text(body, "WorkingDir"),
        body.path("Tty").asBoolean(false),
        body.path("AttachStdin").asBoolean(false),
        body.path("AttachStdout").asBoolean(false),
        body.path("AttachStderr").asBoolean(false),
        consoleSize(body.path("ConsoleSize"), "ConsoleSize"),
        DetachKeys.parse(text(body, "DetachKeys")),
        body.path("Privileged").asBoolean(false));
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNull() || v.isMissingNode() ? "" : v.asText();
  }

  static List<String> strings(JsonNode node) {
    List<String> list = new ArrayList<>();
    if (node.isTextual()) {
      list.add(node.asText());
    } else {
      node.forEach(n -> list.add(n.asText()));
    }
    return list;
  }

  static Map<String, String> map(JsonNode node) {
    Map<String, String> map = new TreeMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Set<String> keys(JsonNode node) {
    return map(node).keySet();
  }
}
