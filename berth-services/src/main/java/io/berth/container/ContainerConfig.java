package io.berth.container;

import io.berth.network.ContainerPort;
import io.berth.oci.RunConfig.HealthConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a container runs, as Docker's {@code ContainerConfig}: the image, its command and
 * environment, the settings of its process, and the ports it exposes. In a create request {@code
 * entrypoint} is the {@code --entrypoint} override, if any; in a created container every field
 * holds the image's values merged with the request's, as Docker stores them.
 */
public record ContainerConfig(
    String image,
    List<String> cmd,
    Optional<List<String>> entrypoint,
    List<String> env,
    String workingDir,
    String user,
    Map<String, String> labels,
    boolean tty,
    boolean openStdin,
    boolean stdinOnce,
    String hostname,
    String stopSignal,
    Optional<Integer> stopTimeout,
    Optional<HealthConfig> healthcheck,
    Set<String> volumes,
    Set<ContainerPort> exposedPorts) {

  public ContainerConfig {
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd);
    entrypoint = entrypoint.map(List::copyOf);
    env = List.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(user, "user");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(stopSignal, "stopSignal");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(healthcheck, "healthcheck");
    volumes = Set.copyOf(volumes);
    exposedPorts =
        exposedPorts == null
            ? Set.of()
            : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(exposedPorts));
    if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
      throw io.berth.errors.BerthException.invalid(
          "the working directory '%s' is invalid, it needs to be an absolute path", workingDir);
    }
  }

  /** A config that runs {@code cmd} in {@code image} with every other setting at its default. */
  public static ContainerConfig of(String image, List<String> cmd) {
    return new ContainerConfig(
        image,
        cmd,
        Optional.empty(),
        List.of(),
        "",
        "",
        Map.of(),
        false,
        false,
        false,
        "",
        "",
        Optional.empty(),
        Optional.empty(),
        Set.of(),
        Set.of());
  }

  /** The entrypoint, empty when there is none. */
  public List<String> entrypointOrEmpty() {
    return entrypoint.orElse(List.of());
  }
}
