package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.api.ApiVersion;
import io.berth.api.EngineVersion;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /version} (SystemVersion in the Engine API). */
public record VersionResponse(
    @JsonProperty("Platform") Platform platform,
    @JsonProperty("Components") List<Component> components,
    @JsonProperty("Version") String version,
    @JsonProperty("ApiVersion") String apiVersion,
    @JsonProperty("MinAPIVersion") String minApiVersion,
    @JsonProperty("GitCommit") String gitCommit,
    @JsonProperty("GoVersion") String goVersion,
    @JsonProperty("Os") String os,
    @JsonProperty("Arch") String arch,
    @JsonProperty("KernelVersion") String kernelVersion,
    @JsonProperty("Experimental") boolean experimental,
    @JsonProperty("BuildTime") String buildTime) {

  /** The product name docker prints after {@code Server:}. */
  public static final String PLATFORM_NAME = "berth Engine";

  /**
   * The top-level {@code Version}: the Docker Engine release whose API ({@link ApiVersion#MAX})
   * berth serves, since clients compare it with Docker's release numbers (Testcontainers refuses a
   * server older than 1.6.0); berth's own version is the {@code Engine} component's, which the
   * docker CLI prints.
   */
  public static final String DOCKER_RELEASE = "28.3.0";

  /** The platform's name. */
  public record Platform(@JsonProperty("Name") String name) {}

  /** One component of the engine, with its details as strings. */
  public record Component(
      @JsonProperty("Name") String name,
      @JsonProperty("Version") String version,
      @JsonProperty("Details") Map<String, String> details) {}

  /** The wire form of {@code v}; the Go version fields carry the Java runtime's version. */
  public static VersionResponse from(EngineVersion v) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("ApiVersion", ApiVersion.MAX.toString());
    details.put("Arch", v.arch());
    details.put("BuildTime", v.buildTime());
    details.put("Experimental", "false");
    details.put("GitCommit", v.gitCommit());
    details.put("GoVersion", v.javaVersion());
    details.put("KernelVersion", v.kernelVersion());
    details.put("MinAPIVersion", ApiVersion.MIN.toString());
    details.put("Os", v.os());
    return new VersionResponse(
        new Platform(PLATFORM_NAME),
        List.of(new Component("Engine", v.version(), details)),
        DOCKER_RELEASE,
        ApiVersion.MAX.toString(),
        ApiVersion.MIN.toString(),
        v.gitCommit(),
        v.javaVersion(),
        v.os(),
        v.arch(),
        v.kernelVersion(),
        false,
        v.buildTime());
  }
}
