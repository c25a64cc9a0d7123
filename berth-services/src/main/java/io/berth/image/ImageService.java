package io.berth.image;

import io.berth.event.EventSink;
import io.berth.oci.ChainId;
import io.berth.oci.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * The local image store as the other services see it: finding images by reference, ID or unique ID
 * prefix, unpacking their layers into shared snapshots, and storing new images. The full command
 * set (load, save, import, tag, remove, prune, history, verify) builds on this.
 *
 * <p>Lifecycle: made once by the daemon over its content store, snapshotter and metadata store,
 * closed with them. Thread-safety: every method may be called from any thread at once; two unpacks
 * of images that share layers share the snapshots and both succeed.
 */
public interface ImageService {

  /**
   * The image that {@code nameOrId} names: a reference ({@code mon_image:1.0}, normalised as Docker
   * does), a full image ID, or a unique ID prefix. NOT_FOUND, worded as Docker's {@code No such
   * image: mon_image:1.0}, when there is none; CONFLICT when a prefix matches several.
   */
  Image resolve(String nameOrId);

  /** The image {@code nameOrId} names, if there is one; errors other than absence still throw. */
  Optional<Image> find(String nameOrId);

  /** Every image in the store, newest first. */
  List<Image> list();

  /**
   * Makes sure every layer of {@code image} is unpacked as a committed snapshot named by its chain
   * ID, unpacking the missing ones and reporting progress to {@code events}; returns the chain ID
   * of the whole stack (the parent for a container's or a build step's writable snapshot), or empty
   * for an image with no layers.
   */
  Optional<ChainId> unpack(Image image, EventSink events);

  /**
   * Stores {@code image}: writes its config and manifest blobs, records it and points its tags at
   * it (a tag that pointed elsewhere moves, leaving the old image dangling, as Docker does).
   */
  Image create(NewImage image);

  /** Points {@code target} at the image {@code source} names. */
  void tag(String source, ImageReference target);
}
