package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.api.EngineEvent;
import java.util.Map;

/** One message of {@code GET /events} (EventMessage in the Engine API). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("from") String from,
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano) {

  /** The object the event is about. */
  public record Actor(
      @JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {}

  /**
   * The wire form of {@code e}; container events also carry the old {@code status}, {@code id} and
   * {@code from} fields that clients before API 1.22 read.
   */
  public static EventMessage from(EngineEvent e) {
    boolean legacy = e.type().equals("container");
    long nanos = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
    return new EventMessage(
        legacy ? e.action() : null,
        legacy ? e.actorId() : null,
        legacy ? e.attributes().get("image") : null,
        e.type(),
        e.action(),
        new Actor(e.actorId(), e.attributes()),
        "local",
        e.time().getEpochSecond(),
        nanos);
  }
}
