package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image index (image-index.md; also Docker's manifest list): manifests, usually one per
 * platform. An OCI layout's {@code index.json} is one too.
 */
public record Index(
    int schemaVersion,
    MediaType mediaType,
    List<Descriptor> manifests,
    Map<String, String> annotations,
    Optional<Descriptor> subject,
    Optional<MediaType> artifactType)
    implements OciDocument {

  public Index {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(artifactType, "artifactType");
    if (schemaVersion != 2) {
      throw BerthException.invalid("invalid index: schemaVersion is %d, expected 2", schemaVersion);
    }
    if (!mediaType.isIndex()) {
      throw BerthException.invalid(
          "invalid index: mediaType is %s, expected %s or %s",
          mediaType, MediaType.OCI_INDEX, MediaType.DOCKER_MANIFEST_LIST);
    }
    manifests = List.copyOf(manifests);
    annotations = Collections2.sortedCopy(annotations);
  }

  /** An OCI index of {@code manifests} with no annotations. */
  public static Index of(List<Descriptor> manifests) {
    return new Index(
        2, MediaType.OCI_INDEX, manifests, Map.of(), Optional.empty(), Optional.empty());
  }

  /**
   * The manifest whose platform serves {@code wanted} best: its own variant first, then the newest
   * older variant it runs ({@link Platform#preference}); in index order among equals.
   */
  public Optional<Descriptor> manifestFor(Platform wanted) {
    return manifests.stream()
        .filter(d -> d.platform().map(wanted::matches).orElse(false))
        .min(java.util.Comparator.comparingInt(d -> wanted.preference(d.platform().orElseThrow())));
  }
}
