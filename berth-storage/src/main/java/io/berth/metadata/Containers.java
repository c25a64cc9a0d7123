package io.berth.metadata;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Optional;

/** The containers of one transaction; names are unique. */
public interface Containers {

  /** Adds a container; CONFLICT when its ID or name is taken. */
  void create(ContainerRecord container);

  /** Replaces the stored container with the same ID (a rename included); NOT_FOUND, CONFLICT. */
  void update(ContainerRecord container);

  /** Replaces only the state JSON of container {@code id}; NOT_FOUND when there is none. */
  void updateState(String id, String state);

  Optional<ContainerRecord> get(String id);

  Optional<ContainerRecord> findByName(String name);

  /**
   * The container named by {@code idOrName} as Docker resolves it: a full ID, then an exact name,
   * then a unique ID prefix; NOT_FOUND when none matches, CONFLICT when a prefix matches several.
   */
  ContainerRecord resolve(String idOrName);

  /** Deletes the container; whether there was one. */
  boolean delete(String id);

  /** Every container, newest first. */
  List<ContainerRecord> list();

  /** The containers made from image {@code imageId}. */
  List<ContainerRecord> listByImage(Digest imageId);
}
