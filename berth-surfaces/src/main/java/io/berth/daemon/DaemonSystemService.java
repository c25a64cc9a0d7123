package io.berth.daemon;

import io.berth.api.EngineInfo;
import io.berth.api.EngineVersion;
import io.berth.api.SystemService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The daemon's answers to {@code /version} and {@code /info}, from its settings and its host. */
final class DaemonSystemService implements SystemService {
  private final DaemonConfig config;
  private final String engineId;
  private final EngineInfo.Host host;
  private final Supplier<EngineInfo.Counts> counts;
  private final Clock clock;

  DaemonSystemService(
      DaemonConfig config,
      String engineId,
      EngineInfo.Host host,
      Supplier<EngineInfo.Counts> counts,
      Clock clock) {
    this.config = config;
    this.engineId = engineId;
    this.host = host;
    this.counts = counts;
    this.clock = clock;
  }

  @Override
  public EngineVersion version() {
    return new EngineVersion(
        BuildInfo.version(),
        BuildInfo.gitCommit(),
        BuildInfo.buildTime(),
        "java" + Runtime.version(),
        "linux",
        HostInfo.goArch(),
        host.kernelVersion());
  }

  @Override
  public EngineInfo info() {
    return new EngineInfo(
        engineId,
        HostInfo.hostname(),
        counts.get(),
        "overlayfs",
        List.of(Map.entry("driver-type", "io.containerd.snapshotter.v1")),
        config.root(),
        host,
        Map.of(config.runtime(), Path.of(config.runtime())),
        config.runtime(),
        // berth's own default filter (io.berth.runtime.DefaultSeccomp), as Docker names its own.
        List.of("name=seccomp,profile=builtin", "name=cgroupns"),
        "json-file",
        BuildInfo.version(),
        clock.instant(),
        List.of());
  }
}
