package io.berth.api;

import io.berth.container.Container;
import io.berth.container.ContainerState;
import io.berth.container.Health;
import io.berth.container.MountPoint;
import io.berth.errors.BerthException;
import io.berth.network.ContainerPort;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code filters} of {@code GET /containers/json} ({@code docker ps --filter}) and of {@code
 * POST /containers/prune}, as Docker applies them; an unknown filter or a value that cannot be one
 * is refused.
 */
final class ContainerFilters {

  private static final Set<String> LIST =
      Set.of(
          "ancestor",
          "before",
          "exited",
          "expose",
          "health",
          "id",
          "isolation",
          "is-task",
          "label",
          "name",
          "network",
          "publish",
          "since",
          "status",
          "volume");

  private static final Set<String> PRUNE = Set.of("label", "label!", "until");

  private static final Set<String> STATUSES =
      Set.copyOf(Arrays.stream(ContainerState.Status.values()).map(s -> s.wire()).toList());

  private static final Set<String> HEALTHS = Set.of("starting", "healthy", "unhealthy", "none");

  private final Filters filters;
  private final List<Instant> before;
  private final List<Instant> since;
  private final Optional<Boolean> isTask;

  private ContainerFilters(Filters filters, Function<String, Container> containers) {
    this.filters = filters.validate(LIST);
    filters.get("exited").forEach(ContainerFilters::exitCode);
    check("status", STATUSES);
    check("health", HEALTHS);
    this.isTask = filters.bool("is-task");
    this.before = created(filters.get("before"), containers);
    this.since = created(filters.get("since"), containers);
  }

  /**
   * The listing filters, checked; {@code before} and {@code since} name containers that {@code
   * containers} finds by ID or name (NOT_FOUND when one is missing).
   */
  static ContainerFilters list(Filters filters, Function<String, Container> containers) {
    return new ContainerFilters(filters, containers);
  }

  /**
   * Which stopped containers {@code POST /containers/prune} removes: those created at or before
   * {@code until} (a duration before {@code clock}'s now or a timestamp) whose labels match {@code
   * label} and not {@code label!}.
   */
  static Predicate<Container> prune(Filters filters, Clock clock) {
    filters.validate(PRUNE);
    Optional<Instant> until = filters.until(clock);
    return c ->
        until.map(u -> !c.created().isAfter(u)).orElse(true) && filters.labels(c.config().labels());
  }

  private void check(String name, Set<String> valid) {
    for (String value : filters.get(name)) {
      if (!valid.contains(value)) {
        throw BerthException.invalid(
            "invalid filter '%s=%s': expected one of %s",
            name, value, String.join(", ", valid.stream().sorted().toList()));
      }
    }
  }

  private static int exitCode(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid filter 'exited=%s': not an integer", value);
    }
  }

  private static List<Instant> created(List<String> names, Function<String, Container> containers) {
    return names.stream().map(n -> containers.apply(n).created()).toList();
  }

  /** Whether {@code c} passes every filter. */
  boolean accepts(Container c) {
    return (filters.matches("name", c.name()) || filters.matches("name", "/" + c.name()))
        && any("id", v -> c.id().startsWith(v))
        && before.stream().allMatch(t -> c.created().isBefore(t))
        && since.stream().allMatch(t -> c.created().isAfter(t))
        && filters.accepts("status", c.state().status().wire())
        && any("exited", v -> exited(c, exitCode(v)))
        && any("ancestor", v -> c.imageName().equals(v) || c.imageId().toString().contains(v))
        && filters.accepts(
            "health", c.state().health().map(Health::status).map(s -> s.wire()).orElse("none"))
        && filters.matches("isolation", "")
        && isTask.map(t -> !t).orElse(true)
        && any("network", v -> onNetwork(c, v))
        && any("publish", v -> publishes(c, v))
        && any("expose", v -> c.config().exposedPorts().contains(ContainerPort.parse(v)))
        && any("volume", v -> mounts(c, v))
        && filters.labelsHold("label", c.config().labels());
  }

  private boolean any(String name, Predicate<String> test) {
    List<String> wanted = filters.get(name);
    return wanted.isEmpty() || wanted.stream().anyMatch(test);
  }

  private static boolean exited(Container c, int code) {
    return !c.state().status().isActive()
        && c.state().startedAt().isPresent()
        && c.state().exitCode() == code;
  }

  /** Whether {@code c} is on the network named (or whose ID starts with) {@code v}. */
  private static boolean onNetwork(Container c, String v) {
    if (c.hostConfig().networking().endpoints().containsKey(v)
        || c.hostConfig().networkMode().equals(v)) {
      return true;
    }
    return c.sandbox().stream()
        .flatMap(s -> s.endpoints().stream())
        .anyMatch(e -> e.networkId().startsWith(v));
  }

  /**
   * Whether a running {@code c} publishes host port {@code v} ({@code 8080} or {@code 8080/tcp}).
   */
  private static boolean publishes(Container c, String v) {
    ContainerPort wanted = ContainerPort.parse(v);
    return c.sandbox().stream()
        .flatMap(s -> s.ports().stream())
        .anyMatch(
            p ->
                p.hostPort() == wanted.port()
                    && p.containerPort().protocol().equals(wanted.protocol()));
  }

  /**
   * Whether {@code c} mounts something at {@code v}, or volume {@code v}, or host path {@code v} (a
   * bind's source), as Docker's {@code volume} filter reads it.
   */
  private static boolean mounts(Container c, String v) {
    for (MountPoint m : c.mounts()) {
      String source = m.name().isEmpty() ? m.source() : m.name();
      if (m.destination().equals(v) || source.equals(v)) {
        return true;
      }
    }
    return false;
  }
}
