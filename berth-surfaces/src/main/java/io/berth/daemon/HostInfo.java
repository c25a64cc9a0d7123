package io.berth.daemon;

import io.berth.api.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the daemon reads about its host: kernel, distribution, CPUs, memory, cgroups. */
final class HostInfo {
  private HostInfo() {}

  static EngineInfo.Host read() {
    Map<String, String> osRelease = osRelease(Path.of("/etc/os-release"));
    return new EngineInfo.Host(
        osRelease.getOrDefault("PRETTY_NAME", "Linux"),
        osRelease.getOrDefault("VERSION_ID", ""),
        kernelVersion(),
        unameMachine(),
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        "cgroupfs",
        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
  }

  static String kernelVersion() {
    return firstLine(Path.of("/proc/sys/kernel/osrelease"))
        .orElse(System.getProperty("os.version"));
  }

  static String hostname() {
    return firstLine(Path.of("/proc/sys/kernel/hostname")).orElse("localhost");
  }

  /** The architecture as Go names it ({@code amd64}, {@code arm64}), for {@code /version}. */
  static String goArch() {
    return switch (System.getProperty("os.arch")) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case String other -> other;
    };
  }

  /** The architecture as {@code uname -m} names it, for {@code /info}. */
  static String unameMachine() {
    return switch (goArch()) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      case String other -> other;
    };
  }

  static Map<String, String> osRelease(Path file) {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          fields.put(line.substring(0, eq), unquote(line.substring(eq + 1).trim()));
        }
      }
    } catch (IOException e) {
      // a host without os-release is reported as plain Linux
    }
    return fields;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          String kb = line.substring("MemTotal:".length()).replace("kB", "").trim();
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // reported as 0, as an unknown size
    }
    return 0;
  }

  private static Optional<String> firstLine(Path file) {
    try {
      return Files.readAllLines(file).stream().findFirst().map(String::trim);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
