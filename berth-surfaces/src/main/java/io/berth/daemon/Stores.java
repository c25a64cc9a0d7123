package io.berth.daemon;

import io.berth.api.EngineEvent;
import io.berth.content.ContentStore;
import io.berth.content.lazy.LazyContentStore;
import io.berth.content.local.LocalContentStore;
import io.berth.image.ImageEvents;
import io.berth.image.ImageImporter;
import io.berth.image.ImageLoader;
import io.berth.image.ImagePuller;
import io.berth.image.ImagePusher;
import io.berth.image.ImageSaver;
import io.berth.image.ImageTools;
import io.berth.image.StoreVerifier;
import io.berth.image.local.LocalImageService;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.sqlite.SqliteMetadataStore;
import io.berth.oci.Platform;
import io.berth.snapshot.Snapshotter;
import io.berth.snapshot.overlay.OverlaySnapshotter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The daemon's stores under its root and the image service over them, opened in dependency order
 * and closed in reverse; the container and build services are wired over the same fields.
 *
 * @param content blobs, {@code <root>/blobs}, and the layers builds made, held as their snapshots
 * @param snapshots unpacked layers and writable layers, {@code <root>/snapshots}
 * @param metadata references, images, containers, volumes, build cache, {@code <root>/metadata.db}
 * @param images the image store and its commands
 */
public record Stores(
    ContentStore content, Snapshotter snapshots, MetadataStore metadata, ImageTools images)
    implements AutoCloseable {

  /** Opens every store under {@code root}, publishing image events to {@code bus}. */
  static Stores open(Path root, EventBus bus, Clock clock) {
    ContentStore blobs = new LocalContentStore(root);
    MetadataStore metadata = SqliteMetadataStore.open(root);
    Snapshotter snapshots;
    try {
      snapshots = new OverlaySnapshotter(root);
    } catch (RuntimeException e) {
      metadata.close();
      throw e;
    }
    // The layers builds make stay as their snapshots, their blobs written again when read.
    ContentStore content = new LazyContentStore(blobs, snapshots);
    ImageEvents events =
        e ->
            bus.publish(
                new EngineEvent("image", e.action(), e.id(), e.attributes(), clock.instant()));
    LocalImageService store = new LocalImageService(content, snapshots, metadata, events, clock);
    Platform platform = Platform.current();
    ImageTools images =
        new ImageTools(
            store,
            new ImageLoader(store, root.resolve("tmp"), events, platform),
            new ImageSaver(store, content, events),
            new ImageImporter(store, content, events, platform, clock),
            new StoreVerifier(content, metadata),
            new ImagePuller(store, events, platform),
            new ImagePusher(store, root.resolve("tmp"), events));
    return new Stores(content, snapshots, metadata, images);
  }

  /** How many images the store holds, for {@code /info}. */
  int imageCount() {
    return metadata.read(tx -> tx.images().list().size());
  }

  @Override
  public void close() {
    snapshots.close();
    metadata.close();
  }
}
