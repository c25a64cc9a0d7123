package io.berth.api;

import io.berth.container.Container;
import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker ps --filter}: id, name, status, label, exited, ancestor, health, network, publish,
 * expose; an unknown filter is refused.
 */
final class ContainerFilters {

  private static final Set<String> KNOWN =
      Set.of(
          "id",
          "name",
          "status",
          "label",
          "exited",
          "ancestor",
          "health",
          "network",
          "publish",
          "expose");

  private ContainerFilters() {}

  static boolean accepts(ApiRequest.Filters filters, Container c) {
    for (String key : filters.values().keySet()) {
      if (!KNOWN.contains(key)) {
        throw BerthException.invalid("invalid filter '%s'", key);
      }
    }
    return any(filters.get("id"), v -> c.id().startsWith(v))
        && any(filters.get("name"), v -> c.name().contains(v.startsWith("/") ? v.substring(1) : v))
        && any(filters.get("status"), v -> c.state().status().wire().equals(v))
        && any(
            filters.get("exited"),
            v ->
                !c.state().status().isActive()
                    && c.state().startedAt().isPresent()
                    && Integer.toString(c.state().exitCode()).equals(v))
        && any(
            filters.get("ancestor"),
            v -> c.imageName().equals(v) || c.imageId().toString().contains(v))
        && any(
            filters.get("health"),
            v -> c.state().health().map(h -> h.status().wire().equals(v)).orElse(v.equals("none")))
        && any(filters.get("network"), v -> onNetwork(c, v))
        && any(filters.get("publish"), v -> publishes(c, v))
        && any(filters.get("expose"), v -> c.config().exposedPorts().contains(port(v)))
        && filters.get("label").stream().allMatch(v -> label(c.config().labels(), v));
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
    io.berth.network.ContainerPort wanted = port(v);
    return c.sandbox().stream()
        .flatMap(s -> s.ports().stream())
        .anyMatch(
            p ->
                p.hostPort() == wanted.port()
                    && p.containerPort().protocol().equals(wanted.protocol()));
  }

  private static io.berth.network.ContainerPort port(String v) {
    return io.berth.network.ContainerPort.parse(v);
  }

  private static boolean any(List<String> wanted, java.util.function.Predicate<String> test) {
    return wanted.isEmpty() || wanted.stream().anyMatch(test);
  }

  private static boolean label(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }
}
