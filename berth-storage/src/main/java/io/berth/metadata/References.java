package io.berth.metadata;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Optional;

/** The references of one transaction; the image a reference names must exist. */
public interface References {

  /** Creates or moves {@code reference} (retagging); NOT_FOUND when its image is not stored. */
  void put(ReferenceRecord reference);

  Optional<ReferenceRecord> get(String name);

  /** Deletes the reference; whether there was one. */
  boolean delete(String name);

  /** Every reference, by name. */
  List<ReferenceRecord> list();

  /** The references that point at image {@code imageId}, by name. */
  List<ReferenceRecord> listByImage(Digest imageId);
}
