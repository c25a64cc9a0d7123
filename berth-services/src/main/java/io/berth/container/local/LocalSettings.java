package io.berth.container.local;

import io.berth.runtime.CgroupDriver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon-wide settings of the local container service: where containers and volumes live, the
 * cgroup driver, the {@code --init} binary, and the default {@code --log-opt}s.
 *
 * @param cgroupNamespace whether containers get their own cgroup namespace
 * @param swapLimits whether the host accounts swap, so {@code --memory-swap} can be applied
 */
public record LocalSettings(
    Path root,
    CgroupDriver cgroupDriver,
    Optional<Path> initBinary,
    Map<String, String> logDefaults,
    boolean cgroupNamespace,
    boolean swapLimits) {

  public LocalSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(cgroupDriver, "cgroupDriver");
    Objects.requireNonNull(initBinary, "initBinary");
    logDefaults = Map.copyOf(logDefaults);
  }

  /** Settings for an engine rooted at {@code root}: cgroupfs, tini if installed, default logs. */
  public static LocalSettings defaults(Path root) {
    Optional<Path> tini =
        java.util.stream.Stream.of("/usr/bin/tini-static", "/usr/bin/tini")
            .map(Path::of)
            .filter(java.nio.file.Files::isExecutable)
            .findFirst();
    return new LocalSettings(root, CgroupDriver.CGROUPFS, tini, Map.of(), false, false);
  }

  Path containers() {
    return root.resolve("containers");
  }

  Path volumes() {
    return root.resolve("volumes");
  }
}
