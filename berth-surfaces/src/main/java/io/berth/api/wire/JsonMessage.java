package io.berth.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One message of Docker's JSON progress stream (JSONMessage in the Engine API), as {@code POST
 * /build}, {@code POST /images/create} and {@code POST /images/load} send them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonMessage(
    @JsonProperty("stream") String stream,
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("progressDetail") ProgressDetail progressDetail,
    @JsonProperty("errorDetail") ErrorDetail errorDetail,
    @JsonProperty("error") String error,
    @JsonProperty("aux") Map<String, Object> aux) {

  /** Bytes moved of an item; {@code total} is left out when unknown. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProgressDetail(
      @JsonProperty("current") Long current, @JsonProperty("total") Long total) {}

  /** What failed. */
  public record ErrorDetail(@JsonProperty("message") String message) {}

  /** A line of text for the client to print as it is. */
  public static JsonMessage stream(String text) {
    return new JsonMessage(text, null, null, null, null, null, null);
  }

  /** A status line about item {@code id}, with its progress when known. */
  public static JsonMessage status(String id, String status, ProgressDetail progress) {
    return new JsonMessage(null, status, id, progress, null, null, null);
  }

  /** The failure that ended the stream; the docker CLI prints it and exits 1. */
  public static JsonMessage error(String message) {
    return new JsonMessage(null, null, null, null, new ErrorDetail(message), message, null);
  }

  /** A structured result for the client, such as the image ID of a build. */
  public static JsonMessage aux(Map<String, Object> aux) {
    return new JsonMessage(null, null, null, null, null, null, Map.copyOf(aux));
  }
}
