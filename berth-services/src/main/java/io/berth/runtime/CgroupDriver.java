package io.berth.runtime;

/** Who creates a container's cgroup: the runtime writing cgroupfs, or systemd as a scope. */
public enum CgroupDriver {
  /** The runtime writes the cgroup filesystem itself; paths read {@code /berth/<id>}. */
  CGROUPFS,
  /** systemd creates a transient scope; paths read {@code slice:prefix:name}. */
  SYSTEMD;

  /** The {@code linux.cgroupsPath} for container {@code id} under this driver. */
  public String cgroupsPath(String id) {
    return switch (this) {
      case CGROUPFS -> "/berth/" + id;
      case SYSTEMD -> "system.slice:berth:" + id;
    };
  }

  /**
   * The driver named as Docker's {@code --cgroup-manager} / {@code native.cgroupdriver} spell it.
   */
  public static CgroupDriver parse(String name) {
    return switch (name) {
      case "cgroupfs" -> CGROUPFS;
      case "systemd" -> SYSTEMD;
      default ->
          throw io.berth.errors.BerthException.invalid(
              "cgroup manager must be cgroupfs or systemd, got: %s", name);
    };
  }
}
