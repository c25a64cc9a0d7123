package io.berth.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to an engine object, as {@code GET /events} reports it: {@code type} such
 * as {@code container}, {@code action} such as {@code start}, the actor's ID and attributes (name,
 * image, labels).
 */
public record EngineEvent(
    String type, String action, String actorId, Map<String, String> attributes, Instant time) {

  public EngineEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorId, "actorId");
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(time, "time");
  }
}
