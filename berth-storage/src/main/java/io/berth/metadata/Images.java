package io.berth.metadata;

import io.berth.oci.Digest;
import java.util.List;
import java.util.Optional;

/** The images of one transaction, keyed by image ID. */
public interface Images {

  /** Creates or replaces the image. */
  void put(ImageRecord image);

  Optional<ImageRecord> get(Digest id);

  /**
   * Deletes the image; whether there was one. CONFLICT while a reference still points at it, so
   * untag first (as {@code docker rmi} does).
   */
  boolean delete(Digest id);

  /** Every image, newest first. */
  List<ImageRecord> list();

  /**
   * The one image whose ID starts with {@code prefix} ({@code sha256:} may be left out), as Docker
   * accepts: NOT_FOUND when none does, CONFLICT when several do.
   */
  ImageRecord resolvePrefix(String prefix);
}
