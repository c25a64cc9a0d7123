package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.api.EngineInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /info} (SystemInfo in the Engine API), with every field the docker CLI
 * reads present, even where berth has nothing to say.
 */
public record InfoResponse(
    @JsonProperty("ID") String id,
    @JsonProperty("Containers") int containers,
    @JsonProperty("ContainersRunning") int containersRunning,
    @JsonProperty("ContainersPaused") int containersPaused,
    @JsonProperty("ContainersStopped") int containersStopped,
    @JsonProperty("Images") int images,
    @JsonProperty("Driver") String driver,
    @JsonProperty("DriverStatus") List<List<String>> driverStatus,
    @JsonProperty("Plugins") Plugins plugins,
    @JsonProperty("MemoryLimit") boolean memoryLimit,
    @JsonProperty("SwapLimit") boolean swapLimit,
    @JsonProperty("CpuCfsPeriod") boolean cpuCfsPeriod,
    @JsonProperty("CpuCfsQuota") boolean cpuCfsQuota,
    @JsonProperty("CPUShares") boolean cpuShares,
    @JsonProperty("CPUSet") boolean cpuSet,
    @JsonProperty("PidsLimit") boolean pidsLimit,
    @JsonProperty("OomKillDisable") boolean oomKillDisable,
    @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
    @JsonProperty("Debug") boolean debug,
    @JsonProperty("NFd") int nfd,
    @JsonProperty("NGoroutines") int ngoroutines,
    @JsonProperty("SystemTime") String systemTime,
    @JsonProperty("LoggingDriver") String loggingDriver,
    @JsonProperty("CgroupDriver") String cgroupDriver,
    @JsonProperty("CgroupVersion") String cgroupVersion,
    @JsonProperty("NEventsListener") int eventsListeners,
    @JsonProperty("KernelVersion") String kernelVersion,
    @JsonProperty("OperatingSystem") String operatingSystem,
    @JsonProperty("OSVersion") String osVersion,
    @JsonProperty("OSType") String osType,
    @JsonProperty("Architecture") String architecture,
    @JsonProperty("IndexServerAddress") String indexServerAddress,
    @JsonProperty("RegistryConfig") RegistryConfig registryConfig,
    @JsonProperty("NCPU") int ncpu,
    @JsonProperty("MemTotal") long memTotal,
    @JsonProperty("DockerRootDir") String dockerRootDir,
    @JsonProperty("HttpProxy") String httpProxy,
    @JsonProperty("HttpsProxy") String httpsProxy,
    @JsonProperty("NoProxy") String noProxy,
    @JsonProperty("Name") String name,
    @JsonProperty("Labels") List<String> labels,
    @JsonProperty("ExperimentalBuild") boolean experimentalBuild,
    @JsonProperty("ServerVersion") String serverVersion,
    @JsonProperty("Runtimes") Map<String, Runtime> runtimes,
    @JsonProperty("DefaultRuntime") String defaultRuntime,
    @JsonProperty("Swarm") Swarm swarm,
    @JsonProperty("LiveRestoreEnabled") boolean liveRestoreEnabled,
    @JsonProperty("Isolation") String isolation,
    @JsonProperty("InitBinary") String initBinary,
    @JsonProperty("ContainerdCommit") Commit containerdCommit,
    @JsonProperty("RuncCommit") Commit runcCommit,
    @JsonProperty("InitCommit") Commit initCommit,
    @JsonProperty("SecurityOptions") List<String> securityOptions,
    @JsonProperty("CDISpecDirs") List<String> cdiSpecDirs,
    @JsonProperty("Warnings") List<String> warnings) {

  /** The plugins by kind; berth has only its built-in ones. */
  public record Plugins(
      @JsonProperty("Volume") List<String> volume,
      @JsonProperty("Network") List<String> network,
      @JsonProperty("Authorization") List<String> authorization,
      @JsonProperty("Log") List<String> log) {}

  /** A runtime's binary. */
  public record Runtime(@JsonProperty("path") String path) {}

  /** Swarm mode, which berth does not have. */
  public record Swarm(
      @JsonProperty("NodeID") String nodeId,
      @JsonProperty("NodeAddr") String nodeAddr,
      @JsonProperty("LocalNodeState") String localNodeState,
      @JsonProperty("ControlAvailable") boolean controlAvailable,
      @JsonProperty("Error") String error) {}

  /** A commit of a bundled tool. */
  public record Commit(@JsonProperty("ID") String id) {}

  /** Registries the engine trusts without TLS, and mirrors. */
  public record RegistryConfig(
      @JsonProperty("InsecureRegistryCIDRs") List<String> insecureRegistryCidrs,
      @JsonProperty("IndexConfigs") Map<String, Object> indexConfigs,
      @JsonProperty("Mirrors") List<String> mirrors) {}

  /** The wire form of {@code info}. */
  public static InfoResponse from(EngineInfo info) {
    EngineInfo.Counts n = info.counts();
    EngineInfo.Host host = info.host();
    List<List<String>> driverStatus = new ArrayList<>();
    info.driverStatus().forEach(e -> driverStatus.add(List.of(e.getKey(), e.getValue())));
    Map<String, Runtime> runtimes = new LinkedHashMap<>();
    info.runtimes().forEach((name, path) -> runtimes.put(name, new Runtime(path.toString())));
    boolean cgroup2 = host.cgroupVersion().equals("2");
    return new InfoResponse(
        info.id(),
        n.containers(),
        n.running(),
        n.paused(),
        n.stopped(),
        n.images(),
        info.storageDriver(),
        driverStatus,
        new Plugins(
            List.of("local"), List.of("bridge", "host", "none"), null, List.of("json-file")),
        cgroup2,
        cgroup2,
        cgroup2,
        cgroup2,
        cgroup2,
        cgroup2,
        cgroup2,
        false,
        true,
        false,
        0,
        0,
        info.systemTime().toString(),
        info.loggingDriver(),
        host.cgroupDriver(),
        host.cgroupVersion(),
        0,
        host.kernelVersion(),
        host.operatingSystem(),
        host.osVersion(),
        "linux",
        host.architecture(),
        "https://index.docker.io/v1/",
        new RegistryConfig(List.of("127.0.0.0/8"), Map.of(), List.of()),
        host.cpus(),
        host.memTotal(),
        info.rootDir().toString(),
        "",
        "",
        "",
        info.name(),
        List.of(),
        false,
        info.serverVersion(),
        runtimes,
        info.defaultRuntime(),
        new Swarm("", "", "inactive", false, ""),
        false,
        "",
        "",
        new Commit(""),
        new Commit(""),
        new Commit(""),
        info.securityOptions(),
        List.of(),
        info.warnings());
  }
}
