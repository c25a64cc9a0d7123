package io.berth.oci;

import io.berth.errors.BerthException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code config} of an image config: the defaults a container starts with (config.md, "config",
 * plus Docker's Healthcheck, OnBuild, Shell and StopTimeout). An empty string or list means unset,
 * as Go's {@code omitempty} writes it; unknown fields stay verbatim in {@code extra}.
 */
public record RunConfig(
    String user,
    Set<String> exposedPorts,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    Set<String> volumes,
    String workingDir,
    Map<String, String> labels,
    String stopSignal,
    boolean argsEscaped,
    Optional<HealthConfig> healthcheck,
    List<String> onBuild,
    List<String> shell,
    Optional<Integer> stopTimeout,
    Map<String, String> extra) {

  public static final RunConfig EMPTY =
      new RunConfig(
          "",
          Set.of(),
          List.of(),
          List.of(),
          List.of(),
          Set.of(),
          "",
          Map.of(),
          "",
          false,
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty(),
          Map.of());

  public RunConfig {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(stopSignal, "stopSignal");
    Objects.requireNonNull(healthcheck, "healthcheck");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    exposedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
    volumes = Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    labels = Collections2.sortedCopy(labels);
    onBuild = List.copyOf(onBuild);
    shell = List.copyOf(shell);
    extra = Collections2.sortedCopy(extra);
    for (String port : exposedPorts) {
      if (!port.matches("[0-9]+(-[0-9]+)?(/(tcp|udp|sctp))?")) {
        throw BerthException.invalid(
            "invalid exposed port \"%s\": expected port[/tcp|udp|sctp]", port);
      }
    }
    for (String e : env) {
      if (e.isEmpty() || e.startsWith("=")) {
        throw BerthException.invalid("invalid environment entry \"%s\": expected NAME=value", e);
      }
    }
  }

  /** The value of environment variable {@code name}; the last entry wins, as in Docker. */
  public Optional<String> envValue(String name) {
    Optional<String> found = Optional.empty();
    for (String e : env) {
      int eq = e.indexOf('=');
      String key = eq < 0 ? e : e.substring(0, eq);
      if (key.equals(name)) {
        found = Optional.of(eq < 0 ? "" : e.substring(eq + 1));
      }
    }
    return found;
  }

  /** A copy-on-change builder, since a build step changes one field at a time. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Docker's HEALTHCHECK settings; a zero duration or count means "inherit the default". */
  public record HealthConfig(
      List<String> test,
      Duration interval,
      Duration timeout,
      Duration startPeriod,
      Duration startInterval,
      int retries) {

    public HealthConfig {
      test = List.copyOf(test);
      for (Duration d : List.of(interval, timeout, startPeriod, startInterval)) {
        if (d.isNegative()) {
          throw BerthException.invalid("invalid healthcheck: negative duration %s", d);
        }
      }
      if (retries < 0) {
        throw BerthException.invalid("invalid healthcheck: negative retries %d", retries);
      }
    }
  }

  /** Mutable staging for a new {@link RunConfig}; not thread-safe. */
  public static final class Builder {
    public String user;
    public Set<String> exposedPorts;
    public List<String> env;
    public List<String> entrypoint;
    public List<String> cmd;
    public Set<String> volumes;
    public String workingDir;
    public Map<String, String> labels;
    public String stopSignal;
    public boolean argsEscaped;
    public Optional<HealthConfig> healthcheck;
    public List<String> onBuild;
    public List<String> shell;
    public Optional<Integer> stopTimeout;
    public Map<String, String> extra;

    private Builder(RunConfig c) {
      user = c.user;
      exposedPorts = c.exposedPorts;
      env = c.env;
      entrypoint = c.entrypoint;
      cmd = c.cmd;
      volumes = c.volumes;
      workingDir = c.workingDir;
      labels = c.labels;
      stopSignal = c.stopSignal;
      argsEscaped = c.argsEscaped;
      healthcheck = c.healthcheck;
      onBuild = c.onBuild;
      shell = c.shell;
      stopTimeout = c.stopTimeout;
      extra = c.extra;
    }

    public RunConfig build() {
      return new RunConfig(
          user,
          exposedPorts,
          env,
          entrypoint,
          cmd,
          volumes,
          workingDir,
          labels,
          stopSignal,
          argsEscaped,
          healthcheck,
          onBuild,
          shell,
          stopTimeout,
          extra);
    }
  }
}
