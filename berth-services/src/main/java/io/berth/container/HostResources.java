package io.berth.container;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The finer resource and process settings of Docker's {@code HostConfig}: memory reservation and
 * swap, CPU shares and set, namespaced sysctls, the OOM score, rlimits, the size of {@code
 * /dev/shm}, {@code no-new-privileges} and whether to filter syscalls. Zero, empty or false means
 * Docker's default. Checked here with Docker's rules and messages, so a bad value is refused at
 * create.
 *
 * @param memoryReservation bytes, a soft limit; 0 for none
 * @param memorySwap memory plus swap in bytes, -1 for unlimited swap, 0 for the default
 * @param cpuShares relative CPU weight (Docker's 1024 is one share of a CPU); 0 for the default
 * @param cpusetCpus the CPUs the container may use ({@code 0-1,3}); empty for all
 * @param sysctls kernel parameters set in the container's namespaces
 * @param oomScoreAdj between -1000 and 1000
 * @param ulimits rlimits of the container's processes
 * @param shmSize bytes of the {@code /dev/shm} tmpfs; 0 for Docker's 64 MiB
 * @param noNewPrivileges {@code --security-opt no-new-privileges}
 * @param noSeccomp {@code --security-opt seccomp=unconfined}: no seccomp filter
 */
public record HostResources(
    long memoryReservation,
    long memorySwap,
    long cpuShares,
    String cpusetCpus,
    Map<String, String> sysctls,
    int oomScoreAdj,
    List<Ulimit> ulimits,
    long shmSize,
    boolean noNewPrivileges,
    boolean noSeccomp) {

  /** Docker's defaults: nothing set. */
  public static final HostResources NONE =
      new HostResources(0, 0, 0, "", Map.of(), 0, List.of(), 0, false, false);

  /** Docker's {@code /dev/shm} size when {@code ShmSize} is 0: 64 MiB. */
  public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

  /** One {@code --ulimit name=soft[:hard]}, by Docker's name ({@code nofile}, {@code nproc}). */
  public record Ulimit(String name, long soft, long hard) {
    public Ulimit {
      Objects.requireNonNull(name, "name");
      if (!RLIMITS.contains(name)) {
        throw BerthException.invalid(
            "invalid ulimit type: %s (one of %s)", name, String.join(", ", RLIMITS));
      }
      if (soft > hard) {
        throw BerthException.invalid(
            "invalid ulimit argument: soft limit must be less than or equal to hard limit: %s"
                + " %d > %d",
            name, soft, hard);
      }
    }

    /** The runtime config's name, {@code RLIMIT_NOFILE} for {@code nofile}. */
    public String rlimit() {
      return "RLIMIT_" + name.toUpperCase(java.util.Locale.ROOT);
    }
  }

  /** The rlimit names Docker knows, without the {@code RLIMIT_} prefix. */
  public static final List<String> RLIMITS =
      List.of(
          "as",
          "core",
          "cpu",
          "data",
          "fsize",
          "locks",
          "memlock",
          "msgqueue",
          "nice",
          "nofile",
          "nproc",
          "rss",
          "rtprio",
          "rttime",
          "sigpending",
          "stack");

  /** The IPC sysctls Docker lets a container set; {@code fs.mqueue.*} and {@code net.*} too. */
  private static final Set<String> IPC_SYSCTLS =
      Set.of(
          "kernel.msgmax",
          "kernel.msgmnb",
          "kernel.msgmni",
          "kernel.sem",
          "kernel.shmall",
          "kernel.shmmax",
          "kernel.shmmni",
          "kernel.shm_rmid_forced");

  private static final long MIN_MEMORY = 6L * 1024 * 1024;

  public HostResources {
    cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
    sysctls =
        sysctls == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(sysctls));
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    if (memoryReservation < 0) {
      throw BerthException.invalid(
          "HostConfig.MemoryReservation must not be negative, got %d", memoryReservation);
    }
    if (memoryReservation > 0 && memoryReservation < MIN_MEMORY) {
      throw BerthException.invalid("Minimum memory reservation allowed is 6MB");
    }
    if (memorySwap < -1) {
      throw BerthException.invalid(
          "HostConfig.MemorySwap must be -1 (unlimited), 0 or a size, got %d", memorySwap);
    }
    if (cpuShares < 0) {
      throw BerthException.invalid("HostConfig.CpuShares must not be negative, got %d", cpuShares);
    }
    if (!cpusetCpus.isEmpty() && !cpusetCpus.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
      throw BerthException.invalid(
          "Invalid value %s for cpuset cpus (HostConfig.CpusetCpus reads like 0-3,5)", cpusetCpus);
    }
    if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
      throw BerthException.invalid(
          "Invalid value %d, range for oom score adj is [-1000, 1000]", oomScoreAdj);
    }
    if (shmSize < 0) {
      throw BerthException.invalid("SHM size can not be less than 0");
    }
    for (String key : sysctls.keySet()) {
      if (!namespaced(key)) {
        throw BerthException.invalid(
            "sysctl '%s' is not allowed: only the IPC (kernel.msg*, kernel.sem, kernel.shm*,"
                + " fs.mqueue.*) and network (net.*) sysctls are namespaced",
            key);
      }
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Ulimit u : ulimits) {
      if (!seen.add(u.name())) {
        throw BerthException.invalid("ulimit %s is given twice", u.name());
      }
    }
  }

  /** Checks what depends on the memory limit too, as Docker does at create. */
  public void checkAgainst(long memory) {
    if (memorySwap > 0 && memory == 0) {
      throw BerthException.invalid(
          "You should always set the Memory limit when using Memoryswap limit, see usage");
    }
    if (memorySwap > 0 && memorySwap < memory) {
      throw BerthException.invalid(
          "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memory > 0 && memoryReservation > memory) {
      throw BerthException.invalid(
          "Minimum memory limit can not be less than memory reservation limit, see usage");
    }
  }

  /** The same settings with another swap limit. */
  public HostResources withMemorySwap(long value) {
    return new HostResources(
        memoryReservation,
        value,
        cpuShares,
        cpusetCpus,
        sysctls,
        oomScoreAdj,
        ulimits,
        shmSize,
        noNewPrivileges,
        noSeccomp);
  }

  /** The size of {@code /dev/shm}: {@link #shmSize}, or Docker's 64 MiB. */
  public long shmBytes() {
    return shmSize == 0 ? DEFAULT_SHM_SIZE : shmSize;
  }

  private static boolean namespaced(String key) {
    return IPC_SYSCTLS.contains(key) || key.startsWith("fs.mqueue.") || key.startsWith("net.");
  }
}
