package io.berth.container.local;

import io.berth.container.ContainerNames;
import io.berth.container.Volume;
import io.berth.container.VolumeNames;
import io.berth.errors.BerthException;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.VolumeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local volumes: a record in the metadata store and a directory {@code
 * <root>/volumes/<name>/_data}; anonymous ones carry Docker's {@code com.docker.volume.anonymous}
 * label.
 */
final class LocalVolumes {

  static final String ANONYMOUS = "com.docker.volume.anonymous";

  private final Path root;
  private final MetadataStore metadata;
  private final Clock clock;

  LocalVolumes(Path root, MetadataStore metadata, Clock clock) {
    this.root = root;
    this.metadata = metadata;
    this.clock = clock;
  }

  /** The volume {@code name}, made (record and directory) when it does not exist. */
  Volume ensure(Optional<String> name, Map<String, String> labels) {
    String volumeName = name.orElseGet(ContainerNames::newId);
    VolumeNames.check(volumeName);
    Optional<VolumeRecord> existing = metadata.read(tx -> tx.volumes().get(volumeName));
    if (existing.isPresent()) {
      return volume(existing.get());
    }
    Path data = dataDir(volumeName);
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw BerthException.internal("creating the directory of volume " + volumeName, e);
    }
    VolumeRecord record = new VolumeRecord(volumeName, "local", labels, Map.of(), clock.instant());
    metadata.update(
        tx -> {
          if (tx.volumes().get(volumeName).isEmpty()) {
            tx.volumes().create(record);
          }
        });
    return volume(metadata.read(tx -> tx.volumes().get(volumeName)).orElseThrow());
  }

  Volume get(String name) {
    return metadata
        .read(tx -> tx.volumes().get(name))
        .map(this::volume)
        .orElseThrow(() -> BerthException.notFound("get %s: no such volume", name));
  }

  List<Volume> list() {
    return metadata.read(tx -> tx.volumes().list()).stream().map(this::volume).toList();
  }

  /** Deletes the record, then the files. */
  void delete(String name) {
    metadata.update(tx -> tx.volumes().delete(name));
    Trees.deleteQuietly(root.resolve(name));
  }

  Path dataDir(String name) {
    return root.resolve(name).resolve("_data");
  }

  private Volume volume(VolumeRecord r) {
    return new Volume(
        r.name(),
        r.driver(),
        dataDir(r.name()),
        r.labels(),
        r.options(),
        r.created(),
        r.labels().containsKey(ANONYMOUS));
  }
}
