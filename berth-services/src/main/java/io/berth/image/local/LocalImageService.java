package io.berth.image.local;

import io.berth.archive.TarContent;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.EventSink;
import io.berth.image.BuildCachePruneOptions;
import io.berth.image.BuildCachePruneResult;
import io.berth.image.DiskUsage;
import io.berth.image.Image;
import io.berth.image.ImageEvent;
import io.berth.image.ImageEvents;
import io.berth.image.ImageStore;
import io.berth.image.LayerStreams;
import io.berth.image.NewImage;
import io.berth.image.PruneOptions;
import io.berth.image.PruneResult;
import io.berth.image.RemovedImage;
import io.berth.image.StoredImage;
import io.berth.metadata.ImageRecord;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.ReferenceRecord;
import io.berth.metadata.Tx;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.Manifest;
import io.berth.oci.MediaType;
import io.berth.oci.OciJson;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image store over a content store (manifests, configs and layer blobs), a snapshotter
 * (unpacked layer chains named by chain ID) and the metadata database (image records and
 * references). Thread-safe: lookups run in parallel, changes serialise on {@link #lock}.
 */
public final class LocalImageService implements ImageStore {
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final MetadataStore metadata;
  private final ImageEvents events;
  private final Clock clock;
  private final Map<DiffId, Long> layerSizes = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Unpacker unpacker;
  private final Remover remover;

  public LocalImageService(
      ContentStore content,
      Snapshotter snapshots,
      MetadataStore metadata,
      ImageEvents events,
      Clock clock) {
    this.content = Objects.requireNonNull(content, "content");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.unpacker = new Unpacker(content, snapshots);
    this.remover = new Remover(this, content, snapshots, metadata, events);
  }

  @Override
  public ContentStore content() {
    return content;
  }

  @Override
  public Image resolve(String nameOrId) {
    return find(nameOrId).orElseThrow(() -> BerthException.notFound("No such image: %s", nameOrId));
  }

  @Override
  public Optional<Image> find(String nameOrId) {
    return metadata.read(tx -> findRecord(tx, nameOrId)).map(this::image);
  }

  /** The record {@code nameOrId} names, looked up as Docker does: ID, reference, ID prefix. */
  Optional<ImageRecord> findRecord(Tx tx, String nameOrId) {
    if (ImageReference.isFullImageId(nameOrId)) {
      String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
      return tx.images().get(new Digest(Digest.SHA256, hex));
    }
    Optional<ImageReference> reference = parseReference(nameOrId);
    if (reference.isPresent()) {
      Optional<ImageRecord> byName = byReference(tx, reference.get());
      if (byName.isPresent()) {
        return byName;
      }
    }
    if (ImageReference.isImageIdPrefix(nameOrId)) {
      try {
        return Optional.of(tx.images().resolvePrefix(nameOrId));
      } catch (BerthException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
      }
    }
    if (reference.isEmpty() && !ImageReference.isImageIdPrefix(nameOrId)) {
      ImageReference.parse(nameOrId); // throws the reference's own INVALID_ARGUMENT
    }
    return Optional.empty();
  }

  private static Optional<ImageReference> parseReference(String text) {
    try {
      return Optional.of(ImageReference.parse(text));
    } catch (BerthException e) {
      return Optional.empty();
    }
  }

  private static Optional<ImageRecord> byReference(Tx tx, ImageReference reference) {
    Optional<ReferenceRecord> named = tx.references().get(reference.toString());
    if (named.isPresent()) {
      return tx.images().get(named.get().imageId());
    }
    if (reference.digest().isPresent()) {
      Digest digest = reference.digest().get();
      return tx.images().list().stream()
          .filter(i -> i.manifestDigest().equals(digest) || i.id().equals(digest))
          .filter(i -> hasRepository(tx, i.id(), reference))
          .findFirst();
    }
    return Optional.empty();
  }

  private static boolean hasRepository(Tx tx, Digest id, ImageReference reference) {
    String repository = reference.repository();
    return tx.references().listByImage(id).stream()
        .anyMatch(r -> ImageReference.parse(r.name()).repository().equals(repository));
  }

  @Override
  public List<Image> list() {
    record Row(ImageRecord image, List<ReferenceRecord> refs) {}
    List<Row> rows =
        metadata.read(
            tx ->
                tx.images().list().stream()
                    .map(i -> new Row(i, tx.references().listByImage(i.id())))
                    .toList());
    return rows.stream()
        .map(r -> image(r.image(), r.refs()))
        .sorted(Comparator.comparing(Image::created).reversed())
        .toList();
  }

  /** The full image for {@code record}, its references read in a transaction of its own. */
  Image image(ImageRecord record) {
    return image(record, metadata.read(tx -> tx.references().listByImage(record.id())));
  }

  private Image image(ImageRecord record, List<ReferenceRecord> refs) {
    Manifest manifest = OciJson.parseManifest(readBlob(record.manifestDigest(), record.id()));
    ImageConfig config = OciJson.parseImageConfig(readBlob(record.id(), record.id()));
    List<ImageReference> references =
        refs.stream().map(r -> ImageReference.parse(r.name())).toList();
    return new Image(
        record.id(),
        record.manifestDigest(),
        manifest,
        config,
        references,
        config.created().orElse(record.created()),
        record.size(),
        refs.stream()
            .filter(r -> !r.name().contains("@"))
            .map(ReferenceRecord::created)
            .max(Comparator.naturalOrder()));
  }

  byte[] readBlob(Digest digest, Digest imageId) {
    try (InputStream in = content.open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BerthException.internal(
          "reading blob " + digest + " of image " + imageId.shortHex() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ChainId> unpack(Image image, EventSink sink) {
    return unpacker.unpack(image, sink);
  }

  @Override
  public Image create(NewImage image) {
    byte[] configBytes = OciJson.bytes(image.config());
    Descriptor config = Descriptor.ofBytes(MediaType.OCI_CONFIG, configBytes);
    content.write(configBytes);
    byte[] manifestBytes = OciJson.bytes(Manifest.of(config, image.layers()));
    content.write(manifestBytes);
    long size = 0;
    List<DiffId> diffIds = image.config().rootfs().diffIds();
    for (int i = 0; i < diffIds.size(); i++) {
      size += layerSize(diffIds.get(i), image.layers().get(i));
    }
    Descriptor manifest = Descriptor.ofBytes(MediaType.OCI_MANIFEST, manifestBytes);
    return record(List.of(new StoredImage(manifest, image.tags(), size))).getFirst();
  }

  @Override
  public void tag(String source, ImageReference target) {
    if (target.digest().isPresent()) {
      throw BerthException.invalid("refusing to create a tag with a digest reference");
    }
    ImageReference tagged = target.tag().isPresent() ? target : target.withTag("latest");
    synchronized (lock) {
      metadata.update(
          tx -> {
            ImageRecord image =
                findRecord(tx, source)
                    .orElseThrow(() -> BerthException.notFound("No such image: %s", source));
            tx.references()
                .put(
                    new ReferenceRecord(
                        tagged.toString(),
                        image.manifestDigest(),
                        image.mediaType(),
                        image.id(),
                        clock.instant()));
            events.publish(ImageEvent.of("tag", image.id().toString(), tagged.familiarString()));
          });
    }
  }

  @Override
  public List<Image> record(List<StoredImage> images) {
    List<ImageRecord> records = new ArrayList<>();
    for (StoredImage stored : images) {
      records.add(checkedRecord(stored));
    }
    synchronized (lock) {
      for (StoredImage stored : images) {
        requireBlobs(stored);
      }
      metadata.update(tx -> put(tx, images, records));
    }
    return records.stream().map(this::image).toList();
  }

  private void put(Tx tx, List<StoredImage> images, List<ImageRecord> records) {
    for (int i = 0; i < images.size(); i++) {
      ImageRecord record = records.get(i);
      if (tx.images().get(record.id()).isEmpty()) {
        tx.images().put(record);
      }
      for (ImageReference tag : images.get(i).tags()) {
        tx.references()
            .put(
                new ReferenceRecord(
                    tag.toString(),
                    record.manifestDigest(),
                    record.mediaType(),
                    record.id(),
                    clock.instant()));
      }
    }
  }

  private ImageRecord checkedRecord(StoredImage stored) {
    Descriptor descriptor = stored.manifest();
    Manifest manifest = OciJson.parseManifest(readBlob(descriptor.digest(), descriptor.digest()));
    Digest id = manifest.config().digest();
    ImageConfig config = OciJson.parseImageConfig(readBlob(id, id));
    if (config.rootfs().diffIds().size() != manifest.layers().size()) {
      throw BerthException.invalid(
          "image %s: the manifest %s lists %d layers but the config %d diff IDs",
          id.shortHex(),
          descriptor.digest(),
          manifest.layers().size(),
          config.rootfs().diffIds().size());
    }
    return new ImageRecord(
        id,
        descriptor.digest(),
        manifest.mediaType().value(),
        config.created().orElse(clock.instant()),
        stored.unpackedSize());
  }

  private void requireBlobs(StoredImage stored) {
    Manifest manifest =
        OciJson.parseManifest(readBlob(stored.manifest().digest(), stored.manifest().digest()));
    List<Descriptor> blobs = new ArrayList<>(manifest.layers());
    blobs.add(manifest.config());
    for (Descriptor blob : blobs) {
      if (content.info(blob.digest()).isEmpty()) {
        throw BerthException.notFound(
            "image %s: blob %s is not in the content store",
            manifest.config().digest().shortHex(), blob.digest());
      }
    }
  }

  @Override
  public List<RemovedImage> remove(String nameOrId, boolean force) {
    synchronized (lock) {
      return remover.remove(nameOrId, force);
    }
  }

  @Override
  public PruneResult prune(PruneOptions options) {
    synchronized (lock) {
      return remover.prune(options);
    }
  }

  @Override
  public DiskUsage diskUsage() {
    return remover.diskUsage();
  }

  @Override
  public BuildCachePruneResult pruneBuildCache(BuildCachePruneOptions options) {
    synchronized (lock) {
      return remover.pruneBuildCache(options);
    }
  }

  @Override
  public long collectGarbage() {
    synchronized (lock) {
      return remover.collectGarbage();
    }
  }

  @Override
  public long layerSize(DiffId diffId, Descriptor blob) {
    Long known = layerSizes.get(diffId);
    if (known != null) {
      return known;
    }
    long size;
    Optional<ContentStore.Produced> produced = content.produced(blob.digest());
    if (produced.isPresent()) {
      // A layer a build made, held as its snapshot: measured when it was written.
      size = produced.get().recipe().contentSize();
    } else if (blob.digest().equals(diffId.digest())) {
      // An uncompressed layer, as builds store them: its headers alone, skipping the contents.
      try (InputStream in = content.open(blob.digest())) {
        size = TarContent.size(in);
      } catch (IOException e) {
        throw BerthException.invalid("cannot read layer %s: %s", blob.digest(), e.getMessage());
      }
    } else {
      size =
          LayerStreams.measure(content.open(blob.digest()), "layer " + blob.digest()).contentSize();
    }
    layerSizes.put(diffId, size);
    return size;
  }
}
