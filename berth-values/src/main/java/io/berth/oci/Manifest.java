package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A single-platform image manifest (manifest.md; also Docker's schema 2 manifest): the config blob
 * and the layers, bottom first. A manifest without a {@code mediaType} field reads as OCI.
 */
public record Manifest(
    int schemaVersion,
    MediaType mediaType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    Optional<Descriptor> subject,
    Optional<MediaType> artifactType)
    implements OciDocument {

  public Manifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(artifactType, "artifactType");
    if (schemaVersion != 2) {
      throw BerthException.invalid(
          "invalid manifest: schemaVersion is %d, expected 2", schemaVersion);
    }
    if (!mediaType.isManifest()) {
      throw BerthException.invalid(
          "invalid manifest: mediaType is %s, expected %s or %s",
          mediaType, MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST);
    }
    layers = List.copyOf(layers);
    annotations = Collections2.sortedCopy(annotations);
  }

  /** An OCI image manifest with no annotations, subject or artifact type. */
  public static Manifest of(Descriptor config, List<Descriptor> layers) {
    return new Manifest(
        2, MediaType.OCI_MANIFEST, config, layers, Map.of(), Optional.empty(), Optional.empty());
  }
}
