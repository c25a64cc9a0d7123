package io.berth.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The engine's state and its host, as {@code GET /info} reports them. */
public record EngineInfo(
    String id,
    String name,
    Counts counts,
    String storageDriver,
    List<Map.Entry<String, String>> driverStatus,
    Path rootDir,
    Host host,
    Map<String, Path> runtimes,
    String defaultRuntime,
    List<String> securityOptions,
    String loggingDriver,
    String serverVersion,
    Instant systemTime,
    List<String> warnings) {

  public EngineInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(storageDriver, "storageDriver");
    driverStatus = List.copyOf(driverStatus);
    Objects.requireNonNull(rootDir, "rootDir");
    Objects.requireNonNull(host, "host");
    runtimes = Map.copyOf(runtimes);
    Objects.requireNonNull(defaultRuntime, "defaultRuntime");
    securityOptions = List.copyOf(securityOptions);
    Objects.requireNonNull(loggingDriver, "loggingDriver");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(systemTime, "systemTime");
    warnings = List.copyOf(warnings);
  }

  /** How many containers (by state) and images the engine holds. */
  public record Counts(int containers, int running, int paused, int stopped, int images) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    public Counts {
      if (containers < 0 || running < 0 || paused < 0 || stopped < 0 || images < 0) {
        throw new IllegalArgumentException("negative count in " + this);
      }
    }
  }

  /** The machine the engine runs on. */
  public record Host(
      String operatingSystem,
      String osVersion,
      String kernelVersion,
      String architecture,
      int cpus,
      long memTotal,
      String cgroupDriver,
      String cgroupVersion) {

    public Host {
      Objects.requireNonNull(operatingSystem, "operatingSystem");
      Objects.requireNonNull(osVersion, "osVersion");
      Objects.requireNonNull(kernelVersion, "kernelVersion");
      Objects.requireNonNull(architecture, "architecture");
      Objects.requireNonNull(cgroupDriver, "cgroupDriver");
      Objects.requireNonNull(cgroupVersion, "cgroupVersion");
    }
  }
}
