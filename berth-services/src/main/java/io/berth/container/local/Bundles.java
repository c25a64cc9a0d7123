package io.berth.container.local;

import io.berth.container.Container;
import io.berth.container.ContainerConfig;
import io.berth.container.HostConfig;
import io.berth.container.HostResources;
import io.berth.container.MountPoint;
import io.berth.container.MountSpec;
import io.berth.errors.BerthException;
import io.berth.network.HostFiles;
import io.berth.network.NetworkMode;
import io.berth.network.Sandbox;
import io.berth.runtime.CapabilitySets;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.HostDevices;
import io.berth.runtime.ProcessArgs;
import io.berth.runtime.ProcessSpec;
import io.berth.runtime.ResolvedUser;
import io.berth.runtime.RuntimeSpec;
import io.berth.runtime.RuntimeSpecJson;
import io.berth.runtime.RuntimeSpecs;
import io.berth.runtime.UserResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a container's runtime bundle: {@code config.json} built from its merged config and host
 * config with Docker's defaults, and the {@code hostname}, {@code hosts} and {@code resolv.conf}
 * files bound into it.
 */
final class Bundles {

  private final CgroupDriver cgroupDriver;
  private final Optional<Path> initBinary;
  private final boolean cgroupNamespace;

  Bundles(CgroupDriver cgroupDriver, Optional<Path> initBinary, boolean cgroupNamespace) {
    this.cgroupDriver = cgroupDriver;
    this.initBinary = initBinary;
    this.cgroupNamespace = cgroupNamespace;
  }

  /** The rootfs mount point inside the container's directory. */
  static Path rootfs(Container c) {
    return c.directory().resolve("rootfs");
  }

  /** The spec for {@code c} running as {@code user}; also validates the flags at create. */
  RuntimeSpec spec(Container c, ResolvedUser user) {
    return spec(c, user, Optional.empty());
  }

  /** The spec for {@code c}, joining {@code sandbox}'s network namespace when it has one. */
  RuntimeSpec spec(Container c, ResolvedUser user, Optional<Sandbox> sandbox) {
    ContainerConfig config = c.config();
    HostConfig host = c.hostConfig();
    NetworkMode network = NetworkMode.parse(host.networkMode());
    RuntimeSpecs specs =
        RuntimeSpecs.container(rootfs(c).toString())
            .readOnlyRoot(host.readonlyRootfs())
            .args(c.command())
            .env(config.env())
            .cwd(config.workingDir())
            .user(user)
            .terminal(config.tty())
            .consoleSize(host.consoleSize())
            .hostNetwork(network == NetworkMode.HOST)
            .capAdd(host.capAdd())
            .capDrop(host.capDrop())
            .cgroupsPath(cgroupDriver.cgroupsPath(c.id()))
            .cgroupNamespace(cgroupNamespace)
            .annotation("io.berth.container.name", c.name());
    if (network != NetworkMode.HOST) {
      specs.hostname(config.hostname());
    }
    sandbox.ifPresent(b -> specs.networkNamespace(b.key()));
    if (host.privileged()) {
      specs.privileged(
          CapabilitySets.bounded(CapabilitySets.boundingSet(Path.of("/proc/self/status"))),
          HostDevices.under(Path.of("/dev")));
    }
    if (host.memory() > 0) {
      specs.memory(host.memory());
    }
    if (host.nanoCpus() > 0) {
      specs.cpus(host.nanoCpus() / 1e9);
    }
    if (host.pidsLimit() != 0) {
      specs.pidsLimit(host.pidsLimit());
    }
    resources(specs, host.resources(), network);
    if (host.init()) {
      specs.init(
          initBinary.orElseThrow(
              () ->
                  BerthException.precondition(
                      "--init needs a static init binary such as tini (apt-get install tini)")));
    }
    for (MountPoint m : c.mounts()) {
      specs.mount(mountPoint(m, c));
    }
    for (String file : List.of("hostname", "hosts", "resolv.conf")) {
      specs.mount(
          RuntimeSpecs.bind(
              c.directory().resolve(file).toString(), "/etc/" + file, host.readonlyRootfs()));
    }
    return specs.build();
  }

  /** The finer settings, with Docker's clamping of CPU shares to what the kernel takes. */
  private static void resources(RuntimeSpecs specs, HostResources r, NetworkMode network) {
    if (r.memoryReservation() > 0) {
      specs.memoryReservation(r.memoryReservation());
    }
    if (r.memorySwap() > 0) {
      specs.memorySwap(r.memorySwap());
    }
    if (r.cpuShares() > 0) {
      specs.cpuShares(Math.clamp(r.cpuShares(), MIN_CPU_SHARES, MAX_CPU_SHARES));
    }
    if (!r.cpusetCpus().isEmpty()) {
      checkCpusOnline(r.cpusetCpus(), Path.of("/sys/devices/system/cpu/online"));
      specs.cpusetCpus(r.cpusetCpus());
    }
    r.sysctls()
        .forEach(
            (key, value) -> {
              if (network == NetworkMode.HOST && key.startsWith("net.")) {
                throw BerthException.invalid(
                    "sysctl '%s' is not allowed in the host network namespace", key);
              }
              specs.sysctl(key, value);
            });
    if (r.oomScoreAdj() != 0) {
      specs.oomScoreAdj(r.oomScoreAdj());
    }
    for (HostResources.Ulimit u : r.ulimits()) {
      specs.rlimit(new ProcessSpec.Rlimit(u.rlimit(), u.hard(), u.soft()));
    }
    specs.shmSize(r.shmBytes());
    specs.noNewPrivileges(r.noNewPrivileges());
    specs.seccomp(!r.noSeccomp());
  }

  private static final long MIN_CPU_SHARES = 2;
  private static final long MAX_CPU_SHARES = 262_144;

  /** Refuses a {@code --cpuset-cpus} naming a CPU the host does not have online, as Docker does. */
  static void checkCpusOnline(String requested, Path online) {
    java.util.BitSet available;
    try {
      available = cpuList(Files.readString(online, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return; // the runtime refuses what the kernel does not have
    }
    java.util.BitSet wanted = cpuList(requested);
    wanted.andNot(available);
    if (!wanted.isEmpty()) {
      throw BerthException.invalid(
          "Requested CPUs are not available - requested %s, available: %s",
          requested, Files.exists(online) ? readQuietly(online) : "?");
    }
  }

  /** A list such as {@code 0-2,5} as a set of CPU numbers. */
  static java.util.BitSet cpuList(String list) {
    java.util.BitSet set = new java.util.BitSet();
    if (list.isEmpty()) {
      return set;
    }
    for (String range : list.split(",")) {
      int dash = range.indexOf('-');
      int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
      if (to < from || to > 8191) {
        throw BerthException.invalid("Invalid value %s for cpuset cpus", list);
      }
      set.set(from, to + 1);
    }
    return set;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static RuntimeSpec.MountPoint mountPoint(MountPoint m, Container c) {
    if (m.type() == MountSpec.Type.TMPFS) {
      List<String> options =
          c.hostConfig().mounts().stream()
              .filter(s -> s.target().equals(m.destination()))
              .findFirst()
              .map(MountSpec::options)
              .orElse(List.of());
      return RuntimeSpecs.tmpfs(m.destination(), options);
    }
    return RuntimeSpecs.bind(m.source(), m.destination(), m.readOnly());
  }

  /**
   * Writes config.json and the host name file, and the hosts and resolver files unless the
   * container has a network stack, whose files the network service writes; the rootfs must be
   * mounted.
   */
  void write(Container c, Optional<Sandbox> sandbox) {
    ResolvedUser user =
        new UserResolver(rootfs(c)).resolve(c.config().user(), c.hostConfig().groupAdd());
    RuntimeSpec spec = spec(c, user, sandbox);
    NetworkMode network = NetworkMode.parse(c.hostConfig().networkMode());
    try {
      Path dir = c.directory();
      writeAtomically(dir.resolve("config.json"), RuntimeSpecJson.write(spec));
      String hostname = network == NetworkMode.HOST ? hostHostname() : c.config().hostname();
      writeAtomically(dir.resolve("hostname"), hostname + "\n");
      if (sandbox.isPresent()) {
        return;
      }
      writeAtomically(
          dir.resolve("hosts"), HostFiles.hosts(hostname, network, readHost("/etc/hosts")));
      writeAtomically(
          dir.resolve("resolv.conf"),
          HostFiles.resolvConf(
              network == NetworkMode.HOST
                  ? readHost("/etc/resolv.conf")
                  : HostFiles.hostResolvConf(),
              network));
    } catch (IOException e) {
      throw BerthException.internal("writing the bundle of container " + c.id(), e);
    }
  }

  /** The combined command, checked at create: entrypoint then cmd, as Docker combines them. */
  static List<String> command(ContainerConfig merged) {
    return ProcessArgs.combine(
        merged.entrypointOrEmpty(), merged.cmd(), Optional.empty(), List.of());
  }

  private static String readHost(String file) throws IOException {
    Path p = Path.of(file);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private static String hostHostname() throws IOException {
    return readHost("/etc/hostname").strip();
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
