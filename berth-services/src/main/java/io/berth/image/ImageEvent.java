package io.berth.image;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to an image, as Docker's {@code GET /events} reports it with type {@code
 * image}: {@code action} is one of tag, untag, delete, load, import, save, prune; {@code id} the
 * image ID or the reference; {@code attributes} hold at least {@code name}.
 */
public record ImageEvent(String action, String id, Map<String, String> attributes) {
  public ImageEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(id, "id");
    attributes = Map.copyOf(attributes);
  }

  /** An event whose only attribute is {@code name}. */
  public static ImageEvent of(String action, String id, String name) {
    return new ImageEvent(action, id, Map.of("name", name));
  }
}
