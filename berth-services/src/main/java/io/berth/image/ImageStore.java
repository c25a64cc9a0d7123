package io.berth.image;

import io.berth.content.ContentStore;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import java.util.List;

/**
 * The image service with the commands that change the store as a whole: recording loaded images,
 * removing, pruning, measuring and collecting garbage. {@link ImageLoader}, {@link ImageSaver},
 * {@link ImageImporter} and {@link StoreVerifier} build on it.
 *
 * <p>Lifecycle and thread-safety as {@link ImageService}: recording and removing are serialised so
 * that a removal never deletes a blob an image being recorded needs.
 */
public interface ImageStore extends ImageService {

  /** The content store the images' blobs are in. */
  ContentStore content();

  /**
   * Records {@code images}, whose blobs are all in the content store, and points their tags at them
   * in one metadata transaction (tags that pointed elsewhere move); NOT_FOUND naming the blob when
   * one is missing, and then nothing is recorded.
   */
  List<Image> record(List<StoredImage> images);

  /**
   * Removes what {@code nameOrId} names as {@code docker rmi} does: a name is untagged, and the
   * image deleted with its last reference; an ID deletes the image (with {@code force} when several
   * references point at it). CONFLICT when a container uses it, unless {@code force}, in which case
   * it is only untagged. Snapshots and blobs no other image needs are removed too.
   */
  List<RemovedImage> remove(String nameOrId, boolean force);

  /** Removes the images {@code options} select that no container uses. */
  PruneResult prune(PruneOptions options);

  /** The images and their use, for {@code docker system df}. */
  DiskUsage diskUsage();

  /**
   * Deletes the blobs that no image, lease or writer in progress needs, and snapshots no image or
   * build cache record needs; returns the bytes freed.
   */
  long collectGarbage();

  /**
   * Deletes the build cache records that {@code options} selects; then the layer snapshots nothing
   * needs any more.
   */
  BuildCachePruneResult pruneBuildCache(BuildCachePruneOptions options);

  /** The bytes of the uncompressed tar of layer {@code blob} whose diff ID is {@code diffId}. */
  long layerSize(DiffId diffId, Descriptor blob);
}
