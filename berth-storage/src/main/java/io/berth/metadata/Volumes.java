package io.berth.metadata;

import java.util.List;
import java.util.Optional;

/** The named volumes of one transaction. */
public interface Volumes {

  /** Adds a volume; CONFLICT when the name is taken. */
  void create(VolumeRecord volume);

  Optional<VolumeRecord> get(String name);

  /** Deletes the volume; whether there was one. */
  boolean delete(String name);

  /** Every volume, by name. */
  List<VolumeRecord> list();
}
