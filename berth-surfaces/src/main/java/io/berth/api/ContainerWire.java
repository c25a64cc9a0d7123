package io.berth.api;

import io.berth.container.Container;
import io.berth.container.ContainerConfig;
import io.berth.container.ContainerState;
import io.berth.container.ContainerState.Status;
import io.berth.container.Health;
import io.berth.container.HostConfig;
import io.berth.container.HostResources;
import io.berth.container.MountPoint;
import io.berth.container.MountSpec;
import io.berth.container.Volume;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one translator from the container service's model to Docker's JSON: {@code ContainerSummary}
 * for {@code ps}, {@code ContainerInspectResponse}, {@code Volume}; with Docker's status texts.
 */
final class ContainerWire {

  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ContainerWire() {}

  /** {@code ContainerSummary} without the IDs of stopped containers' networks (for {@code df}). */
  static Map<String, Object> summary(Container c, Clock clock) {
    return summary(c, clock, name -> "");
  }

  /** {@code ContainerSummary}, network IDs looked up by {@code networkIds}. */
  static Map<String, Object> summary(
      Container c, Clock clock, java.util.function.Function<String, String> networkIds) {
    return summary(c, clock, networkIds, c.imageName());
  }

  /**
   * {@code ContainerSummary} showing {@code image} as its image: the name it was created from, or
   * the image ID once that name means another image (see {@link #listedImage}).
   */
  static Map<String, Object> summary(
      Container c,
      Clock clock,
      java.util.function.Function<String, String> networkIds,
      String image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", c.id());
    m.put("Names", List.of("/" + c.name()));
    m.put("Image", image);
    m.put("ImageID", c.imageId().toString());
    m.put("Command", listedCommand(c.command()));
    m.put("Created", c.created().getEpochSecond());
    m.put("Ports", NetworkWire.summaryPorts(c));
    m.put("Labels", c.config().labels());
    m.put("State", c.state().status().wire());
    m.put("Status", status(c.state(), clock.instant()));
    m.put("HostConfig", Map.of("NetworkMode", c.hostConfig().networkMode()));
    m.put("NetworkSettings", Map.of("Networks", NetworkWire.networks(c, networkIds)));
    m.put("Mounts", c.mounts().stream().map(ContainerWire::mount).toList());
    return m;
  }

  /** Docker's {@code Status} column: {@code Up 3 seconds}, {@code Exited (0) 2 seconds ago}. */
  static String status(ContainerState s, Instant now) {
    return switch (s.status()) {
      case CREATED -> "Created";
      case RUNNING, PAUSED -> {
        String up = "Up " + human(Duration.between(s.startedAt().orElse(now), now));
        if (s.status() == Status.PAUSED) {
          yield up + " (Paused)";
        }
        yield s.health()
            .map(
                h ->
                    up
                        + " ("
                        + (h.status() == Health.Status.STARTING
                            ? "health: starting"
                            : h.status().wire())
                        + ")")
            .orElse(up);
      }
      case RESTARTING ->
          "Restarting (%d) %s ago"
              .formatted(s.exitCode(), human(Duration.between(s.finishedAt().orElse(now), now)));
      case REMOVING -> "Removal In Progress";
      case DEAD -> "Dead";
      case EXITED ->
          s.finishedAt().isEmpty()
              ? "Created"
              : "Exited (%d) %s ago"
                  .formatted(s.exitCode(), human(Duration.between(s.finishedAt().get(), now)));
    };
  }

  /** Go's {@code units.HumanDuration}. */
  static String human(Duration d) {
    long seconds = Math.max(d.toSeconds(), 0);
    if (seconds < 1) {
      return "Less than a second";
    }
    if (seconds == 1) {
      return "1 second";
    }
    if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute";
    }
    if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(d.toMinutes() / 60.0);
    if (hours == 1) {
      return "About an hour";
    }
    if (hours < 48) {
      return hours + " hours";
    }
    if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    }
    if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }

  static Map<String, Object> inspect(
      Container c, java.util.function.Function<String, String> networkIds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", c.id());
    m.put("Created", c.created().toString());
    m.put("Path", c.path());
    m.put("Args", c.args());
    m.put("State", state(c.state()));
    m.put("Image", c.imageId().toString());
    m.put("ResolvConfPath", c.directory().resolve("resolv.conf").toString());
    m.put("HostnamePath", c.directory().resolve("hostname").toString());
    m.put("HostsPath", c.directory().resolve("hosts").toString());
    m.put("LogPath", c.logPath().toString());
    m.put("Name", "/" + c.name());
    m.put("RestartCount", c.state().restartCount());
    m.put("Driver", "overlayfs");
    m.put("Platform", "linux");
    m.put("MountLabel", "");
    m.put("ProcessLabel", "");
    m.put("AppArmorProfile", "");
    m.put("ExecIDs", null);
    m.put("HostConfig", hostConfig(c.hostConfig()));
    m.put("GraphDriver", Map.of("Name", "overlayfs", "Data", Map.of()));
    m.put("Mounts", c.mounts().stream().map(ContainerWire::mount).toList());
    m.put("Config", config(c.config()));
    m.put("NetworkSettings", NetworkWire.settings(c, networkIds));
    return m;
  }

  private static Map<String, Object> state(ContainerState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", s.status().wire());
    m.put("Running", s.status().isActive());
    m.put("Paused", s.status() == Status.PAUSED);
    m.put("Restarting", s.status() == Status.RESTARTING);
    m.put("OOMKilled", s.oomKilled());
    m.put("Dead", s.status() == Status.DEAD);
    m.put("Pid", s.pid());
    m.put("ExitCode", s.exitCode());
    m.put("Error", s.error());
    m.put("StartedAt", s.startedAt().map(Instant::toString).orElse(ZERO_TIME));
    m.put("FinishedAt", s.finishedAt().map(Instant::toString).orElse(ZERO_TIME));
    s.health().ifPresent(h -> m.put("Health", health(h)));
    return m;
  }

  private static Map<String, Object> health(Health h) {
    List<Map<String, Object>> log = new ArrayList<>();
    for (Health.Check c : h.log()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("Start", c.start().toString());
      entry.put("End", c.end().toString());
      entry.put("ExitCode", c.exitCode());
      entry.put("Output", c.output());
      log.add(entry);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", h.status().wire());
    m.put("FailingStreak", h.failingStreak());
    m.put("Log", log);
    return m;
  }

  private static Map<String, Object> config(ContainerConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Hostname", c.hostname());
    m.put("Domainname", "");
    m.put("User", c.user());
    m.put("AttachStdin", false);
    m.put("AttachStdout", false);
    m.put("AttachStderr", false);
    m.put("Tty", c.tty());
    m.put("OpenStdin", c.openStdin());
    m.put("StdinOnce", c.stdinOnce());
    if (!c.exposedPorts().isEmpty()) {
      Map<String, Object> exposed = new LinkedHashMap<>();
      c.exposedPorts().forEach(p -> exposed.put(p.wire(), Map.of()));
      m.put("ExposedPorts", exposed);
    }
    m.put("Env", c.env());
    m.put("Cmd", c.cmd());
    m.put("Image", c.image());
    Map<String, Object> volumes = new LinkedHashMap<>();
    c.volumes().forEach(v -> volumes.put(v, Map.of()));
    m.put("Volumes", volumes.isEmpty() ? null : volumes);
    m.put("WorkingDir", c.workingDir());
    m.put("Entrypoint", c.entrypointOrEmpty().isEmpty() ? null : c.entrypointOrEmpty());
    m.put("Labels", c.labels());
    if (!c.stopSignal().isEmpty()) {
      m.put("StopSignal", c.stopSignal());
    }
    c.stopTimeout().ifPresent(t -> m.put("StopTimeout", t));
    c.healthcheck()
        .ifPresent(
            h -> {
              Map<String, Object> hc = new LinkedHashMap<>();
              hc.put("Test", h.test());
              hc.put("Interval", h.interval().toNanos());
              hc.put("Timeout", h.timeout().toNanos());
              hc.put("StartPeriod", h.startPeriod().toNanos());
              hc.put("StartInterval", h.startInterval().toNanos());
              hc.put("Retries", h.retries());
              m.put("Healthcheck", hc);
            });
    return m;
  }

  private static Map<String, Object> hostConfig(HostConfig h) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> binds = new ArrayList<>();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (MountSpec s : h.mounts()) {
      if (s.type() == MountSpec.Type.TMPFS) {
        tmpfs.put(s.target(), String.join(",", s.options()));
      } else if (!s.source().isEmpty()) {
        binds.add(s.source() + ":" + s.target() + (s.readOnly() ? ":ro" : ""));
      }
    }
    m.put("Binds", binds.isEmpty() ? null : binds);
    m.put("LogConfig", Map.of("Type", h.logConfig().type(), "Config", h.logConfig().options()));
    m.put("NetworkMode", h.networkMode());
    m.put("PortBindings", NetworkWire.portBindings(h.networking()));
    m.put("PublishAllPorts", h.networking().publishAllPorts());
    m.put("Dns", h.networking().dns().servers());
    m.put("DnsOptions", h.networking().dns().options());
    m.put("DnsSearch", h.networking().dns().search());
    m.put("ExtraHosts", h.networking().extraHosts().isEmpty() ? null : h.networking().extraHosts());
    m.put(
        "RestartPolicy",
        Map.of(
            "Name", h.restartPolicy().mode().wire(),
            "MaximumRetryCount", h.restartPolicy().maxRetries()));
    m.put("AutoRemove", h.autoRemove());
    m.put("CapAdd", h.capAdd().isEmpty() ? null : h.capAdd());
    m.put("CapDrop", h.capDrop().isEmpty() ? null : h.capDrop());
    m.put("GroupAdd", h.groupAdd().isEmpty() ? null : h.groupAdd());
    m.put("ReadonlyRootfs", h.readonlyRootfs());
    m.put("Tmpfs", tmpfs.isEmpty() ? null : tmpfs);
    m.put("Memory", h.memory());
    m.put("NanoCpus", h.nanoCpus());
    m.put("PidsLimit", h.pidsLimit() == 0 ? null : h.pidsLimit());
    m.put("Init", h.init());
    m.put("ConsoleSize", List.of(h.consoleSize().height(), h.consoleSize().width()));
    m.put("Privileged", h.privileged());
    HostResources r = h.resources();
    m.put("MemoryReservation", r.memoryReservation());
    m.put("MemorySwap", r.memorySwap());
    m.put("CpuShares", r.cpuShares());
    m.put("CpusetCpus", r.cpusetCpus());
    m.put("Sysctls", r.sysctls().isEmpty() ? null : r.sysctls());
    m.put("OomScoreAdj", r.oomScoreAdj());
    List<Map<String, Object>> ulimits = new ArrayList<>();
    for (HostResources.Ulimit u : r.ulimits()) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("Name", u.name());
      limit.put("Hard", u.hard());
      limit.put("Soft", u.soft());
      ulimits.add(limit);
    }
    m.put("Ulimits", ulimits.isEmpty() ? null : ulimits);
    m.put("ShmSize", r.shmBytes());
    List<String> security = new ArrayList<>();
    if (r.noSeccomp()) {
      security.add("seccomp=unconfined");
    }
    if (r.noNewPrivileges()) {
      security.add("no-new-privileges");
    }
    m.put("SecurityOpt", security.isEmpty() ? null : security);
    m.put("IpcMode", "private");
    m.put("PidMode", "");
    m.put("UsernsMode", "");
    return m;
  }

  private static Map<String, Object> mount(MountPoint p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", p.type().wire());
    if (!p.name().isEmpty()) {
      m.put("Name", p.name());
      m.put("Driver", "local");
    }
    m.put("Source", p.source());
    m.put("Destination", p.destination());
    m.put("Mode", p.readOnly() ? "ro" : "");
    m.put("RW", !p.readOnly());
    m.put("Propagation", p.type() == MountSpec.Type.BIND ? "rprivate" : "");
    return m;
  }

  static Map<String, Object> volume(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", v.name());
    m.put("Driver", v.driver());
    m.put("Mountpoint", v.mountpoint().toString());
    m.put("CreatedAt", v.created().toString());
    m.put("Labels", v.labels());
    m.put("Scope", "local");
    m.put("Options", v.options());
    return m;
  }

  /**
   * The {@code Command} of a listed container as Docker's daemon writes it: the path, then the
   * arguments, each one holding a space in single quotes (and nothing else escaped).
   */
  static String listedCommand(java.util.List<String> command) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < command.size(); i++) {
      String word = command.get(i);
      if (i > 0) {
        text.append(' ');
      }
      text.append(i > 0 && word.contains(" ") ? "'" + word + "'" : word);
    }
    return text.toString();
  }

  /**
   * The image a listed container shows, as Docker's daemon chooses it: the {@code name} it was
   * created from while that name still resolves to its image {@code id} ({@code resolved} is what
   * it resolves to now), else the image ID (a tag moved to another image, or removed).
   */
  static String listedImage(String name, String id, Optional<String> resolved) {
    return name.equals(id) || resolved.filter(id::equals).isPresent() ? name : id;
  }

  /**
   * Adds a listed container's sizes from {@code usage}: {@code SizeRw}, the bytes of its writable
   * layer, and {@code SizeRootFs}, those and its image's.
   */
  static void putSizes(Map<String, Object> row, Container c, io.berth.image.DiskUsage usage) {
    long rw = usage.containerSizes().getOrDefault(c.id(), 0L);
    long image =
        usage.images().stream()
            .filter(u -> u.image().id().equals(c.imageId()))
            .mapToLong(u -> u.image().size())
            .findFirst()
            .orElse(0);
    row.put("SizeRw", rw);
    row.put("SizeRootFs", rw + image);
  }
}
