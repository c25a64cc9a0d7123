package io.berth.oci;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code manifest.json} of a {@code docker save} archive: one entry per image, naming the
 * config file, the tags and the layer files inside the archive.
 */
public record DockerArchiveManifest(List<Entry> entries) {

  public DockerArchiveManifest {
    entries = List.copyOf(entries);
  }

  /**
   * One image of the archive: paths are relative to the archive root; {@code layerSources} holds
   * the descriptors of foreign layers the archive does not contain.
   */
  public record Entry(
      String config,
      List<String> repoTags,
      List<String> layers,
      Map<Digest, Descriptor> layerSources) {

    public Entry {
      Objects.requireNonNull(config, "config");
      if (config.isEmpty()) {
        throw BerthException.invalid("invalid docker archive manifest: empty Config path");
      }
      repoTags = List.copyOf(repoTags);
      layers = List.copyOf(layers);
      layerSources = Map.copyOf(layerSources);
    }
  }
}
