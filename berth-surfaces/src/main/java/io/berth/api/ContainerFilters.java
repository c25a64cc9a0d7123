package io.berth.api;

import io.berth.container.Container;
import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code docker ps --filter}: id, name, status, label, exited; an unknown filter is refused. */
final class ContainerFilters {

  private static final Set<String> KNOWN =
      Set.of("id", "name", "status", "label", "exited", "ancestor", "health");

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
        && filters.get("label").stream().allMatch(v -> label(c.config().labels(), v));
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
