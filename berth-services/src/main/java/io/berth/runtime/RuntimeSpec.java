package io.berth.runtime;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A container's runtime configuration, the bundle's {@code config.json} of the OCI runtime spec
 * (config.md and config-linux.md), as immutable records; {@link RuntimeSpecJson} writes it.
 */
public record RuntimeSpec(
    String ociVersion,
    ProcessSpec process,
    Root root,
    Optional<String> hostname,
    List<MountPoint> mounts,
    Linux linux,
    Map<String, String> annotations) {

  /** The version of the runtime spec this config follows. */
  public static final String OCI_VERSION = "1.0.2";

  public RuntimeSpec {
    Objects.requireNonNull(ociVersion, "ociVersion");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(hostname, "hostname");
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(linux, "linux");
    annotations = Map.copyOf(annotations);
  }

  /** The container's root filesystem, relative to the bundle or absolute (config.md, "Root"). */
  public record Root(String path, boolean readonly) {
    public Root {
      if (path.isEmpty()) {
        throw new BerthException(ErrorKind.INVALID_ARGUMENT, "root.path must not be empty");
      }
    }
  }

  /** One entry of {@code mounts}: where, what kind, from where, how (config.md, "Mounts"). */
  public record MountPoint(String destination, String type, String source, List<String> options) {
    public MountPoint {
      if (!destination.startsWith("/")) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT,
            "mount destination must be an absolute path, got: " + destination);
      }
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(source, "source");
      options = List.copyOf(options);
    }
  }

  /** The Linux-specific part of the config (config-linux.md). */
  public record Linux(
      List<Namespace> namespaces,
      List<IdMapping> uidMappings,
      List<IdMapping> gidMappings,
      Resources resources,
      Optional<String> cgroupsPath,
      List<String> maskedPaths,
      List<String> readonlyPaths,
      List<Device> devices,
      Map<String, String> sysctl,
      Optional<Seccomp> seccomp) {
    public Linux {
      namespaces = List.copyOf(namespaces);
      uidMappings = List.copyOf(uidMappings);
      gidMappings = List.copyOf(gidMappings);
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(cgroupsPath, "cgroupsPath");
      maskedPaths = List.copyOf(maskedPaths);
      readonlyPaths = List.copyOf(readonlyPaths);
      devices = List.copyOf(devices);
      sysctl = new TreeMap<>(sysctl);
      sysctl = java.util.Collections.unmodifiableMap(sysctl);
      Objects.requireNonNull(seccomp, "seccomp");
    }

    /** Whether the container gets a namespace of {@code type} (new or joined). */
    public boolean hasNamespace(String type) {
      return namespaces.stream().anyMatch(n -> n.type().equals(type));
    }
  }

  /** A namespace to create, or to join when {@code path} is given (config-linux.md). */
  public record Namespace(String type, Optional<String> path) {
    private static final Set<String> TYPES =
        Set.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");

    public Namespace {
      if (!TYPES.contains(type)) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT,
            "namespace type must be one of " + new java.util.TreeSet<>(TYPES) + ", got: " + type);
      }
      Objects.requireNonNull(path, "path");
    }

    /** A new namespace of {@code type}. */
    public static Namespace of(String type) {
      return new Namespace(type, Optional.empty());
    }
  }

  /** A range of user or group IDs mapped into a user namespace. */
  public record IdMapping(long containerId, long hostId, long size) {
    public IdMapping {
      if (containerId < 0 || hostId < 0 || size < 1) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT,
            "id mapping needs ids >= 0 and size >= 1, got %d %d %d"
                .formatted(containerId, hostId, size));
      }
    }
  }

  /** The cgroup limits (config-linux.md, "Control groups"). */
  public record Resources(
      List<DeviceRule> devices, Optional<Memory> memory, Optional<Cpu> cpu, Optional<Pids> pids) {
    public Resources {
      devices = List.copyOf(devices);
      Objects.requireNonNull(memory, "memory");
      Objects.requireNonNull(cpu, "cpu");
      Objects.requireNonNull(pids, "pids");
    }
  }

  /** One rule of the device cgroup allow-list; an empty type, major or minor means all. */
  public record DeviceRule(
      boolean allow,
      Optional<String> type,
      Optional<Long> major,
      Optional<Long> minor,
      String access) {
    public DeviceRule {
      type.ifPresent(
          t -> {
            if (!Set.of("a", "b", "c").contains(t)) {
              throw new BerthException(
                  ErrorKind.INVALID_ARGUMENT, "device rule type must be a, b or c, got: " + t);
            }
          });
      if (!access.matches("r?w?m?") || access.isEmpty()) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT,
            "device rule access must combine r, w and m, got: " + access);
      }
    }
  }

  /** Memory limits in bytes; a swap of -1 is unlimited. */
  public record Memory(Optional<Long> limit, Optional<Long> reservation, Optional<Long> swap) {}

  /** CPU shares, CFS quota and period in microseconds, and the allowed CPU list. */
  public record Cpu(
      Optional<Long> shares, Optional<Long> quota, Optional<Long> period, Optional<String> cpus) {}

  /** The maximum number of tasks in the cgroup; -1 is unlimited. */
  public record Pids(long limit) {}

  /** A device node the runtime creates in the container (config-linux.md, "Devices"). */
  public record Device(
      String type,
      String path,
      long major,
      long minor,
      Optional<Integer> fileMode,
      Optional<Integer> uid,
      Optional<Integer> gid) {}

  /** A seccomp filter: the default action and the per-syscall rules (config-linux.md). */
  public record Seccomp(String defaultAction, List<String> architectures, List<Syscall> syscalls) {
    public Seccomp {
      architectures = List.copyOf(architectures);
      syscalls = List.copyOf(syscalls);
    }
  }

  /**
   * One seccomp rule: these syscalls get this action, with this errno for {@code SCMP_ACT_ERRNO},
   * when every one of the argument conditions holds (config-linux.md, "seccomp").
   */
  public record Syscall(
      List<String> names, String action, Optional<Integer> errnoRet, List<Arg> args) {
    public Syscall {
      names = List.copyOf(names);
      Objects.requireNonNull(errnoRet, "errnoRet");
      args = List.copyOf(args);
    }

    /** A rule without conditions or errno. */
    public Syscall(List<String> names, String action) {
      this(names, action, Optional.empty(), List.of());
    }
  }

  /**
   * A condition on a syscall's argument {@code index}: {@code op} one of libseccomp's {@code
   * SCMP_CMP_*}; {@code SCMP_CMP_MASKED_EQ} holds when {@code (arg & value) == valueTwo}.
   */
  public record Arg(int index, long value, long valueTwo, String op) {
    public Arg {
      if (index < 0 || index > 5) {
        throw new BerthException(
            ErrorKind.INVALID_ARGUMENT, "a syscall has arguments 0 to 5, not " + index);
      }
      Objects.requireNonNull(op, "op");
    }
  }
}
