package io.berth.api;

import java.util.Objects;

/** berth's build and platform, as {@code GET /version} reports them. */
public record EngineVersion(
    String version,
    String gitCommit,
    String buildTime,
    String javaVersion,
    String os,
    String arch,
    String kernelVersion) {

  public EngineVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(gitCommit, "gitCommit");
    Objects.requireNonNull(buildTime, "buildTime");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernelVersion, "kernelVersion");
  }
}
