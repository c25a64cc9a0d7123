package io.berth.image;

import java.util.Objects;

/**
 * The image store and the commands built on it, as the daemon wires them and the API uses them.
 *
 * @param store lookups, tag, remove, prune, disk usage, garbage collection
 * @param loader {@code docker load}
 * @param saver {@code docker save}
 * @param importer {@code docker import}
 * @param verifier the store's fsck
 * @param puller {@code docker pull}
 * @param pusher {@code docker push}
 */
public record ImageTools(
    ImageStore store,
    ImageLoader loader,
    ImageSaver saver,
    ImageImporter importer,
    StoreVerifier verifier,
    ImagePuller puller,
    ImagePusher pusher) {
  public ImageTools {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(saver, "saver");
    Objects.requireNonNull(importer, "importer");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(puller, "puller");
    Objects.requireNonNull(pusher, "pusher");
  }
}
