package io.berth.api;

import java.util.List;
import java.util.Set;

/** The {@code filters} of {@code GET /events}: type, event, container, image and label. */
record EventFilter(Filters filters) {
  private static final Set<String> KNOWN =
      Set.of(
          "type", "event", "container", "image", "label", "volume", "network", "daemon", "scope");

  static EventFilter of(Filters filters) {
    return new EventFilter(filters.validate(KNOWN));
  }

  boolean accepts(EngineEvent e) {
    return filters.accepts("type", e.type())
        && filters.accepts("event", e.action())
        && filters.accepts("scope", "local")
        && object("container", e)
        && object("volume", e)
        && object("network", e)
        && image(e)
        && labels(e);
  }

  /** A container (volume, network) filter names the actor by ID, short ID or name. */
  private boolean object(String type, EngineEvent e) {
    List<String> wanted = filters.get(type);
    if (wanted.isEmpty()) {
      return true;
    }
    if (!e.type().equals(type)) {
      return false;
    }
    String name = e.attributes().getOrDefault("name", "");
    return wanted.stream().anyMatch(w -> e.actorId().startsWith(w) || name.equals(w));
  }

  /** An image filter matches image events by ID or name, and container events by their image. */
  private boolean image(EngineEvent e) {
    List<String> wanted = filters.get("image");
    if (wanted.isEmpty()) {
      return true;
    }
    String image =
        e.type().equals("image")
            ? e.attributes().getOrDefault("name", e.actorId())
            : e.attributes().getOrDefault("image", "");
    return wanted.stream()
        .anyMatch(w -> w.equals(image) || w.equals(e.actorId()) || image.startsWith(w + ":"));
  }

  /** {@code label=key} needs the attribute, {@code label=key=value} its value too. */
  private boolean labels(EngineEvent e) {
    return filters.labelsHold("label", e.attributes());
  }
}
