package io.berth.runtime;

import io.berth.errors.BerthException;
import io.berth.runtime.RuntimeSpec.DeviceRule;
import io.berth.runtime.RuntimeSpec.MountPoint;
import io.berth.runtime.RuntimeSpec.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the runtime config Docker would give a container: its capabilities, mounts, masked and
 * read-only paths, device rules and namespaces, then what the run flags change. Not thread-safe;
 * one builder per container.
 */
public final class RuntimeSpecs {

  /** {@code PATH} when the image sets none, as Docker's. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Where {@code --init} puts the init binary in the container, as Docker does. */
  public static final String INIT_PATH = "/sbin/docker-init";

  /** Paths Docker hides from a container by mounting nothing over them. */
  public static final List<String> MASKED_PATHS =
      List.of(
          "/proc/asound",
          "/proc/acpi",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware",
          "/sys/devices/virtual/powercap");

  /** Paths Docker makes read-only in a container. */
  public static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private final String rootfs;
  private boolean readOnlyRoot;
  private List<String> args = List.of();
  private List<String> env = List.of();
  private String cwd = "/";
  private ResolvedUser user = ResolvedUser.root();
  private boolean terminal;
  private ConsoleSize consoleSize = ConsoleSize.UNSET;
  private Optional<String> hostname = Optional.empty();
  private boolean hostNetwork;
  private Optional<String> networkNamespace = Optional.empty();
  private List<String> capAdd = List.of();
  private List<String> capDrop = List.of();
  private Optional<Long> memory = Optional.empty();
  private Optional<Long> memoryReservation = Optional.empty();
  private Optional<Long> memorySwap = Optional.empty();
  private Optional<Long> cpuQuota = Optional.empty();
  private Optional<Long> cpuShares = Optional.empty();
  private Optional<String> cpusetCpus = Optional.empty();
  private Optional<Long> pidsLimit = Optional.empty();
  private final List<MountPoint> extraMounts = new ArrayList<>();
  private Optional<Path> init = Optional.empty();
  private long shmSize = DEFAULT_SHM_SIZE;
  private final Map<String, String> sysctl = new TreeMap<>();
  private Optional<Integer> oomScoreAdj = Optional.empty();
  private boolean noNewPrivileges;
  private final List<ProcessSpec.Rlimit> rlimits = new ArrayList<>();
  private Optional<String> cgroupsPath = Optional.empty();
  private boolean cgroupNamespace;
  private boolean privileged;
  private List<String> privilegedCapabilities = List.of();
  private List<RuntimeSpec.Device> hostDevices = List.of();
  private final Map<String, String> annotations = new TreeMap<>();
  private boolean seccomp;

  private RuntimeSpecs(String rootfs) {
    this.rootfs = rootfs;
  }

  /** A builder for a container whose root filesystem is {@code rootfs} (bundle-relative or not). */
  public static RuntimeSpecs container(String rootfs) {
    return new RuntimeSpecs(rootfs);
  }

  /** {@code --read-only}: the root filesystem is mounted read-only. */
  public RuntimeSpecs readOnlyRoot(boolean value) {
    readOnlyRoot = value;
    return this;
  }

  /** The process arguments, usually from {@link ProcessArgs#combine}. */
  public RuntimeSpecs args(List<String> value) {
    args = List.copyOf(value);
    return this;
  }

  /** The image's environment with {@code -e} entries after it; later keys win. */
  public RuntimeSpecs env(List<String> value) {
    env = List.copyOf(value);
    return this;
  }

  /** The working directory, the image's {@code WorkingDir} or {@code -w}; {@code /} if empty. */
  public RuntimeSpecs cwd(String value) {
    cwd = value.isEmpty() ? "/" : value;
    return this;
  }

  /** The identity, from {@link UserResolver}. */
  public RuntimeSpecs user(ResolvedUser value) {
    user = value;
    return this;
  }

  /** {@code -t}: the process gets a terminal. */
  public RuntimeSpecs terminal(boolean value) {
    terminal = value;
    return this;
  }

  /** The terminal's size when it is made, for a process with {@link #terminal}. */
  public RuntimeSpecs consoleSize(ConsoleSize value) {
    consoleSize = java.util.Objects.requireNonNull(value, "consoleSize");
    return this;
  }

  /** The container's hostname, also given to the process as {@code HOSTNAME}. */
  public RuntimeSpecs hostname(String value) {
    hostname = Optional.of(value);
    return this;
  }

  /** {@code --network host}: no network namespace. */
  public RuntimeSpecs hostNetwork(boolean value) {
    hostNetwork = value;
    return this;
  }

  /** Join the network namespace at {@code path} (one the network service prepared). */
  public RuntimeSpecs networkNamespace(String path) {
    networkNamespace = Optional.of(path);
    return this;
  }

  /** {@code --cap-add}. */
  public RuntimeSpecs capAdd(List<String> value) {
    capAdd = List.copyOf(value);
    return this;
  }

  /** {@code --cap-drop}. */
  public RuntimeSpecs capDrop(List<String> value) {
    capDrop = List.copyOf(value);
    return this;
  }

  /**
   * {@code --memory} in bytes (see {@link ByteSizes#parse}); swap is limited only by {@link
   * #memorySwap}, which container create sets to twice this as Docker does.
   */
  public RuntimeSpecs memory(long bytes) {
    if (bytes < MIN_MEMORY) {
      throw BerthException.invalid("Minimum memory limit allowed is 6MB, got %d bytes", bytes);
    }
    memory = Optional.of(bytes);
    return this;
  }

  /** {@code --memory-reservation} in bytes. */
  public RuntimeSpecs memoryReservation(long bytes) {
    memoryReservation = Optional.of(positive(bytes, "--memory-reservation"));
    return this;
  }

  /** {@code --memory-swap} in bytes (memory plus swap); -1 is unlimited. */
  public RuntimeSpecs memorySwap(long bytes) {
    if (bytes < -1 || bytes == 0) {
      throw BerthException.invalid("--memory-swap must be -1 or a positive size, got %d", bytes);
    }
    memorySwap = Optional.of(bytes);
    return this;
  }

  /** {@code --cpus}: a CFS quota of {@code cpus} periods of 100 ms. */
  public RuntimeSpecs cpus(double cpus) {
    if (!(cpus > 0) || cpus > 1024) {
      throw BerthException.invalid(
          "--cpus must be between 0 and 1024 (exclusive of 0), got %s", cpus);
    }
    cpuQuota = Optional.of(Math.round(cpus * CPU_PERIOD));
    return this;
  }

  /** {@code --cpu-shares}. */
  public RuntimeSpecs cpuShares(long shares) {
    cpuShares = Optional.of(positive(shares, "--cpu-shares"));
    return this;
  }

  /** {@code --cpuset-cpus}, such as {@code 0-1}. */
  public RuntimeSpecs cpusetCpus(String cpus) {
    if (!cpus.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
      throw BerthException.invalid("--cpuset-cpus must read like 0-3,5, got: %s", cpus);
    }
    cpusetCpus = Optional.of(cpus);
    return this;
  }

  /** {@code --pids-limit}; zero or less is unlimited, as Docker reads it. */
  public RuntimeSpecs pidsLimit(long limit) {
    pidsLimit = Optional.of(limit <= 0 ? -1 : limit);
    return this;
  }

  /** An extra mount after Docker's defaults, such as {@link #bind} or {@link #tmpfs}. */
  public RuntimeSpecs mount(MountPoint mount) {
    extraMounts.add(mount);
    return this;
  }

  /** {@code --shm-size}: the size of the {@code /dev/shm} tmpfs in bytes. */
  public RuntimeSpecs shmSize(long bytes) {
    shmSize = positive(bytes, "--shm-size");
    return this;
  }

  /** {@code --init}: run {@code binary} (a static tini) as PID 1 in front of the command. */
  public RuntimeSpecs init(Path binary) {
    init = Optional.of(binary);
    return this;
  }

  /** {@code --sysctl key=value}. */
  public RuntimeSpecs sysctl(String key, String value) {
    sysctl.put(key, value);
    return this;
  }

  /** {@code --oom-score-adj}, between -1000 and 1000. */
  public RuntimeSpecs oomScoreAdj(int value) {
    if (value < -1000 || value > 1000) {
      throw BerthException.invalid("--oom-score-adj must be in [-1000, 1000], got %d", value);
    }
    oomScoreAdj = Optional.of(value);
    return this;
  }

  /** {@code --security-opt no-new-privileges}. */
  public RuntimeSpecs noNewPrivileges(boolean value) {
    noNewPrivileges = value;
    return this;
  }

  /** {@code --ulimit}, such as {@code RLIMIT_NOFILE} 1024:2048. */
  public RuntimeSpecs rlimit(ProcessSpec.Rlimit limit) {
    rlimits.add(limit);
    return this;
  }

  /** The cgroup to create, usually {@link CgroupDriver#cgroupsPath}. */
  public RuntimeSpecs cgroupsPath(String path) {
    cgroupsPath = Optional.of(path);
    return this;
  }

  /** Whether to give the container its own cgroup namespace, as Docker does on cgroup v2. */
  public RuntimeSpecs cgroupNamespace(boolean value) {
    cgroupNamespace = value;
    return this;
  }

  /**
   * {@code --privileged}, as Docker makes it: the {@code capabilities} the host allows (every one
   * the daemon holds, whatever {@code --cap-drop} says), the host's {@code devices} and a device
   * cgroup allowing all, nothing masked or read-only in {@code /proc}, {@code /sys} and the cgroup
   * file system writable.
   */
  public RuntimeSpecs privileged(List<String> capabilities, List<RuntimeSpec.Device> devices) {
    privileged = true;
    privilegedCapabilities = List.copyOf(capabilities);
    hostDevices = List.copyOf(devices);
    return this;
  }

  /**
   * Whether the process gets berth's default seccomp filter ({@link DefaultSeccomp}) for the
   * capabilities it holds; a privileged container never does, as with Docker.
   */
  public RuntimeSpecs seccomp(boolean value) {
    seccomp = value;
    return this;
  }

  /** An annotation in the config. */
  public RuntimeSpecs annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /** A bind mount as {@code -v src:dst[:ro]} makes it: recursive, read-only if asked. */
  public static MountPoint bind(String source, String destination, boolean readOnly) {
    return new MountPoint(
        destination, "bind", source, List.of("rbind", "rprivate", readOnly ? "ro" : "rw"));
  }

  /** A tmpfs as {@code --tmpfs dst[:opts]} makes it: nosuid, nodev, noexec, then the options. */
  public static MountPoint tmpfs(String destination, List<String> options) {
    List<String> all = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
    all.addAll(options);
    return new MountPoint(destination, "tmpfs", "tmpfs", all);
  }

  /** The config. */
  public RuntimeSpec build() {
    if (args.isEmpty()) {
      throw BerthException.invalid("no command specified");
    }
    List<String> capabilities =
        privileged ? privilegedCapabilities : CapabilitySets.apply(capAdd, capDrop);
    ProcessSpec process =
        new ProcessSpec(
            terminal,
            user.toSpec(),
            init.isPresent() ? withInit(args) : args,
            environment(),
            cwd,
            Optional.of(ProcessSpec.Capabilities.of(capabilities)),
            rlimits,
            noNewPrivileges,
            oomScoreAdj,
            Optional.empty(),
            consoleSize);
    RuntimeSpec.Linux linux =
        new RuntimeSpec.Linux(
            namespaces(),
            List.of(),
            List.of(),
            resources(),
            cgroupsPath,
            privileged ? List.of() : MASKED_PATHS,
            privileged ? List.of() : READONLY_PATHS,
            hostDevices,
            sysctl,
            seccomp && !privileged
                ? Optional.of(DefaultSeccomp.forCapabilities(capabilities))
                : Optional.empty());
    return new RuntimeSpec(
        RuntimeSpec.OCI_VERSION,
        process,
        new RuntimeSpec.Root(rootfs, readOnlyRoot),
        hostname,
        mounts(),
        linux,
        annotations);
  }

  private static final long CPU_PERIOD = 100_000;
  private static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
  private static final long MIN_MEMORY = 6L * 1024 * 1024;

  private static List<String> withInit(List<String> args) {
    List<String> all = new ArrayList<>(List.of(INIT_PATH, "--"));
    all.addAll(args);
    return all;
  }

  /** Docker's order: PATH, HOSTNAME, TERM, the image and -e entries, then HOME if unset. */
  private List<String> environment() {
    Map<String, String> vars = new LinkedHashMap<>();
    if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
      vars.put("PATH", "PATH=" + DEFAULT_PATH);
    }
    hostname.ifPresent(h -> vars.put("HOSTNAME", "HOSTNAME=" + h));
    if (terminal) {
      vars.put("TERM", "TERM=xterm");
    }
    for (String entry : env) {
      int eq = entry.indexOf('=');
      String key = eq < 0 ? entry : entry.substring(0, eq);
      if (eq < 0) {
        throw BerthException.invalid("environment entry must read KEY=value, got: %s", entry);
      }
      vars.put(key, entry);
    }
    vars.putIfAbsent("HOME", "HOME=" + user.home());
    return List.copyOf(vars.values());
  }

  private List<Namespace> namespaces() {
    List<Namespace> list = new ArrayList<>();
    list.add(Namespace.of("pid"));
    list.add(Namespace.of("ipc"));
    list.add(Namespace.of("uts"));
    list.add(Namespace.of("mount"));
    if (networkNamespace.isPresent()) {
      list.add(new Namespace("network", networkNamespace));
    } else if (!hostNetwork) {
      list.add(Namespace.of("network"));
    }
    if (cgroupNamespace) {
      list.add(Namespace.of("cgroup"));
    }
    return list;
  }

  private List<MountPoint> mounts() {
    List<MountPoint> list = new ArrayList<>();
    list.add(new MountPoint("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
    list.add(
        new MountPoint(
            "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
    list.add(
        new MountPoint(
            "/dev/pts",
            "devpts",
            "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
    String sysAccess = privileged ? "rw" : "ro";
    list.add(
        new MountPoint("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysAccess)));
    list.add(
        new MountPoint(
            "/sys/fs/cgroup", "cgroup", "cgroup", List.of(sysAccess, "nosuid", "noexec", "nodev")));
    list.add(
        new MountPoint("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
    list.add(
        new MountPoint(
            "/dev/shm",
            "tmpfs",
            "shm",
            List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize)));
    init.ifPresent(b -> list.add(bind(b.toString(), INIT_PATH, true)));
    list.addAll(extraMounts);
    return list;
  }

  private RuntimeSpec.Resources resources() {
    Optional<RuntimeSpec.Memory> mem =
        memory.isPresent() || memoryReservation.isPresent() || memorySwap.isPresent()
            ? Optional.of(new RuntimeSpec.Memory(memory, memoryReservation, memorySwap))
            : Optional.empty();
    Optional<RuntimeSpec.Cpu> cpu =
        cpuQuota.isPresent() || cpuShares.isPresent() || cpusetCpus.isPresent()
            ? Optional.of(
                new RuntimeSpec.Cpu(cpuShares, cpuQuota, cpuQuota.map(q -> CPU_PERIOD), cpusetCpus))
            : Optional.empty();
    return new RuntimeSpec.Resources(
        privileged ? ALL_DEVICES : DEFAULT_DEVICE_RULES,
        mem,
        cpu,
        pidsLimit.map(RuntimeSpec.Pids::new));
  }

  /** Docker's device cgroup: deny all, allow mknod of any node and the standard char devices. */
  public static final List<DeviceRule> DEFAULT_DEVICE_RULES =
      List.of(
          new DeviceRule(false, Optional.empty(), Optional.empty(), Optional.empty(), "rwm"),
          new DeviceRule(true, Optional.of("c"), Optional.empty(), Optional.empty(), "m"),
          new DeviceRule(true, Optional.of("b"), Optional.empty(), Optional.empty(), "m"),
          charDevice(1, 3), // null
          charDevice(1, 5), // zero
          charDevice(1, 7), // full
          charDevice(1, 8), // random
          charDevice(1, 9), // urandom
          charDevice(5, 0), // tty
          charDevice(5, 1), // console
          charDevice(5, 2), // ptmx
          new DeviceRule(true, Optional.of("c"), Optional.of(136L), Optional.empty(), "rwm"));

  /** The device cgroup of a privileged container: every device, every access. */
  public static final List<DeviceRule> ALL_DEVICES =
      List.of(new DeviceRule(true, Optional.of("a"), Optional.empty(), Optional.empty(), "rwm"));

  private static DeviceRule charDevice(long major, long minor) {
    return new DeviceRule(true, Optional.of("c"), Optional.of(major), Optional.of(minor), "rwm");
  }

  private static long positive(long value, String flag) {
    if (value <= 0) {
      throw BerthException.invalid("%s must be a positive number, got %d", flag, value);
    }
    return value;
  }
}
