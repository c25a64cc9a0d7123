package io.berth.content;

import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an uncompressed layer blob is written again from the committed snapshot it was first written
 * from, by berth's layer writer reading the snapshot's own layer directory: the blob's digest and
 * size, the content size of the layer, and the {@code SOURCE_DATE_EPOCH} that clamped its times.
 *
 * <p>It is kept as labels of that snapshot ({@link #labels}), set in the same change that commits
 * it, so that a snapshot and the blob it stands for appear together and go away together.
 *
 * @param digest the blob's digest (for an uncompressed layer, also its diff ID)
 * @param size the blob's size in bytes
 * @param contentSize the layer's content size, as an image's size counts it
 * @param sourceDateEpoch the time its entries' times were clamped to, if any
 */
public record LayerRecipe(
    Digest digest, long size, long contentSize, Optional<Long> sourceDateEpoch) {

  /**
   * The version of the writer's output these labels promise: a later berth whose writer writes
   * other bytes must change it, and then ignores the older snapshots' recipes rather than make a
   * blob that does not match them.
   */
  public static final String FORMAT = "1";

  private static final String PREFIX = "berth.layer.";
  private static final String DIGEST = PREFIX + "digest";
  private static final String SIZE = PREFIX + "size";
  private static final String CONTENT_SIZE = PREFIX + "content-size";
  private static final String EPOCH = PREFIX + "source-date-epoch";
  private static final String FORMAT_LABEL = PREFIX + "format";

  public LayerRecipe {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    if (size < 0 || contentSize < 0) {
      throw BerthException.invalid(
          "layer %s: negative size %d or content size %d", digest, size, contentSize);
    }
  }

  /** The snapshot labels that record this recipe. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(DIGEST, digest.toString());
    labels.put(SIZE, Long.toString(size));
    labels.put(CONTENT_SIZE, Long.toString(contentSize));
    sourceDateEpoch.ifPresent(epoch -> labels.put(EPOCH, Long.toString(epoch)));
    labels.put(FORMAT_LABEL, FORMAT);
    return labels;
  }

  /**
   * The recipe that snapshot labels {@code labels} record; empty when they record none, one of
   * another format, or one that does not parse (the snapshot then stands for no blob).
   */
  public static Optional<LayerRecipe> fromLabels(Map<String, String> labels) {
    String digest = labels.get(DIGEST);
    if (digest == null || !FORMAT.equals(labels.get(FORMAT_LABEL))) {
      return Optional.empty();
    }
    try {
      String epoch = labels.get(EPOCH);
      return Optional.of(
          new LayerRecipe(
              Digest.parse(digest),
              Long.parseLong(labels.getOrDefault(SIZE, "")),
              Long.parseLong(labels.getOrDefault(CONTENT_SIZE, "")),
              epoch == null ? Optional.empty() : Optional.of(Long.parseLong(epoch))));
    } catch (NumberFormatException | BerthException e) {
      return Optional.empty();
    }
  }
}
