package io.berth.runtime;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the host's cgroup filesystem looks like: the version (v1, v2, or hybrid: v1 controllers with
 * a v2 tree at {@code /sys/fs/cgroup/unified}) and which controllers are available.
 */
public record Cgroups(Version version, Set<String> controllers) {

  /** The layout of {@code /sys/fs/cgroup}. */
  public enum Version {
    V1,
    V2,
    HYBRID
  }

  public Cgroups {
    controllers = Set.copyOf(controllers);
  }

  /** The host's layout, read from {@code /proc/self/mounts}. */
  public static Cgroups detect() {
    try {
      return fromMounts(
          Files.readAllLines(Path.of("/proc/self/mounts")), Path.of("/sys/fs/cgroup"));
    } catch (IOException e) {
      throw BerthException.internal("reading /proc/self/mounts to detect cgroups", e);
    }
  }

  /** The layout that mount table lines (as in {@code /proc/self/mounts}) describe. */
  static Cgroups fromMounts(List<String> lines, Path cgroupRoot) {
    boolean unifiedAtRoot = false;
    boolean unifiedBeside = false;
    Set<String> v1 = new TreeSet<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f.length < 4 || !f[1].startsWith(cgroupRoot.toString())) {
        continue;
      }
      if (f[2].equals("cgroup2")) {
        unifiedAtRoot |= f[1].equals(cgroupRoot.toString());
        unifiedBeside |= !f[1].equals(cgroupRoot.toString());
      } else if (f[2].equals("cgroup")) {
        for (String option : f[3].split(",")) {
          if (KNOWN_V1.contains(option)) {
            v1.add(option);
          }
        }
      }
    }
    if (unifiedAtRoot) {
      return new Cgroups(Version.V2, v2Controllers(cgroupRoot));
    }
    if (v1.isEmpty() && !unifiedBeside) {
      throw BerthException.precondition(
          "no cgroup filesystem is mounted under %s: containers need cgroups", cgroupRoot);
    }
    return new Cgroups(unifiedBeside ? Version.HYBRID : Version.V1, v1);
  }

  /** Whether containers get their own cgroup namespace, as Docker does on v2 only. */
  public boolean privateNamespaceByDefault() {
    return version == Version.V2;
  }

  /**
   * Whether the kernel accounts swap, so a container's memory-plus-swap can be limited: on v1 the
   * memory controller has {@code memory.memsw.limit_in_bytes} (a kernel booted with {@code
   * swapaccount=1}); on v2 a child cgroup has {@code memory.swap.max}.
   */
  public boolean swapLimits() {
    Path root = Path.of("/sys/fs/cgroup");
    if (version != Version.V2) {
      return Files.exists(root.resolve("memory/memory.memsw.limit_in_bytes"));
    }
    try (var children = Files.list(root)) {
      return children.anyMatch(p -> Files.exists(p.resolve("memory.swap.max")));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Fails naming the first controller of {@code needed} the host lacks, e.g. {@code memory} for a
   * {@code --memory} limit.
   */
  public void require(String controller, String forWhat) {
    if (!controllers.contains(controller)) {
      throw BerthException.precondition(
          "%s needs the cgroup controller \"%s\", which this host does not have (%s, controllers:"
              + " %s)",
          forWhat, controller, version, new TreeSet<>(controllers));
    }
  }

  private static Set<String> v2Controllers(Path root) {
    try {
      return Set.of(Files.readString(root.resolve("cgroup.controllers")).strip().split("\\s+"));
    } catch (IOException e) {
      return Set.of();
    }
  }

  private static final Set<String> KNOWN_V1 =
      Set.of(
          "cpu",
          "cpuacct",
          "cpuset",
          "memory",
          "devices",
          "freezer",
          "blkio",
          "pids",
          "net_cls",
          "net_prio",
          "perf_event",
          "hugetlb",
          "rdma",
          "misc");
}
