package io.berth.image.local;

import io.berth.content.local.LocalContentStore;
import io.berth.image.ImageEvent;
import io.berth.image.ImageImporter;
import io.berth.image.ImageLoader;
import io.berth.image.ImageSaver;
import io.berth.image.StoreVerifier;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.sqlite.SqliteMetadataStore;
import io.berth.oci.Platform;
import io.berth.snapshot.overlay.OverlaySnapshotter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The image service and its commands over real stores in a fresh root. */
final class ImageFixture implements AutoCloseable {
  final Path root;
  final LocalContentStore content;
  final OverlaySnapshotter snapshots;
  final MetadataStore metadata;
  final LocalImageService store;
  final ImageLoader loader;
  final ImageSaver saver;
  final ImageImporter importer;
  final StoreVerifier verifier;
  final List<ImageEvent> events = new CopyOnWriteArrayList<>();

  ImageFixture(Path root) {
    this.root = root;
    content = new LocalContentStore(root);
    snapshots = new OverlaySnapshotter(root);
    metadata = SqliteMetadataStore.open(root);
    store = new LocalImageService(content, snapshots, metadata, events::add, Clock.systemUTC());
    loader = new ImageLoader(store, root.resolve("tmp"), events::add, Platform.current());
    saver = new ImageSaver(store, content, events::add);
    importer =
        new ImageImporter(store, content, events::add, Platform.current(), Clock.systemUTC());
    verifier = new StoreVerifier(content, metadata);
  }

  @Override
  public void close() {
    snapshots.close();
    metadata.close();
  }
}
