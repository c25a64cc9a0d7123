package io.berth.image;

import java.util.Objects;

/**
 * One line of what removing or pruning images did, as Docker's {@code DELETE /images} returns it: a
 * reference untagged, or an image deleted.
 */
public sealed interface RemovedImage {

  /** The text after {@code Untagged: } or {@code Deleted: }. */
  String value();

  /** A reference removed, in familiar form ({@code mon_image:1.0}). */
  record Untagged(String value) implements RemovedImage {
    public Untagged {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An image deleted, by its full ID. */
  record Deleted(String value) implements RemovedImage {
    public Deleted {
      Objects.requireNonNull(value, "value");
    }
  }
}
