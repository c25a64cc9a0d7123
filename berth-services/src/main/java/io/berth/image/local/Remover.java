package io.berth.image.local;

import io.berth.content.ContentStore;
import io.berth.content.LayerRecipe;
import io.berth.errors.BerthException;
import io.berth.image.BuildCacheEntry;
import io.berth.image.BuildCachePruneOptions;
import io.berth.image.BuildCachePruneResult;
import io.berth.image.DiskUsage;
import io.berth.image.Image;
import io.berth.image.ImageEvent;
import io.berth.image.ImageEvents;
import io.berth.image.PruneOptions;
import io.berth.image.PruneResult;
import io.berth.image.RemovedImage;
import io.berth.metadata.ContainerRecord;
import io.berth.metadata.ImageRecord;
import io.berth.metadata.LeaseRecord;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.ReferenceRecord;
import io.berth.metadata.Tx;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.snapshot.Info;
import io.berth.snapshot.Kind;
import io.berth.snapshot.Snapshotter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's rules for removing images ({@code docker rmi}, {@code docker image prune}) and the clean
 * up after them: blobs and snapshots that no image, build cache record or lease still needs. Called
 * with the service's lock held.
 */
final class Remover {
  private final LocalImageService service;
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final MetadataStore metadata;
  private final ImageEvents events;
  private final BuildCacheRecords buildCache;

  Remover(
      LocalImageService service,
      ContentStore content,
      Snapshotter snapshots,
      MetadataStore metadata,
      ImageEvents events) {
    this.service = service;
    this.content = content;
    this.snapshots = snapshots;
    this.metadata = metadata;
    this.events = events;
    this.buildCache = new BuildCacheRecords(metadata, snapshots);
  }

  List<RemovedImage> remove(String nameOrId, boolean force) {
    Image image = service.resolve(nameOrId);
    List<RemovedImage> removed = new ArrayList<>();
    boolean deleted =
        metadata.write(
            tx -> {
              ImageRecord record = service.findRecord(tx, nameOrId).orElseThrow();
              return byName(nameOrId, image)
                  ? removeByName(tx, record, nameOrId, force, removed)
                  : removeById(tx, record, force, removed);
            });
    publish(removed, image.id());
    if (deleted) {
      cleanUp(List.of(image)).snapshots().forEach(c -> removed.add(new RemovedImage.Deleted(c)));
    }
    return removed;
  }

  /** Whether {@code nameOrId} names {@code image} by a reference rather than by its ID. */
  private static boolean byName(String nameOrId, Image image) {
    String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
    boolean idPrefix = ImageReference.isImageIdPrefix(nameOrId) && image.id().hex().startsWith(hex);
    return !idPrefix;
  }

  private boolean removeByName(
      Tx tx, ImageRecord image, String name, boolean force, List<RemovedImage> removed) {
    ImageReference reference = ImageReference.parse(name);
    List<ReferenceRecord> refs = tx.references().listByImage(image.id());
    List<ContainerRecord> users = tx.containers().listByImage(image.id());
    if (refs.size() <= 1 && !users.isEmpty() && !force) {
      throw BerthException.conflict(
          "conflict: unable to remove repository reference \"%s\" (must force) - container %s is"
              + " using its referenced image %s",
          name, users.getFirst().id().substring(0, 12), image.id().shortHex());
    }
    if (!tx.references().delete(reference.toString())) {
      deleteDigestReferences(tx, image, reference, removed);
    } else {
      removed.add(new RemovedImage.Untagged(reference.familiarString()));
      if (noTagLeftIn(tx, image, reference)) {
        // As Docker: the repository's digest references go with its last tag.
        deleteDigestReferences(tx, image, reference, removed);
      }
    }
    if (!tx.references().listByImage(image.id()).isEmpty() || !users.isEmpty()) {
      return false;
    }
    return delete(tx, image, removed);
  }

  /** Whether {@code image} has no tag left in {@code reference}'s repository. */
  private static boolean noTagLeftIn(Tx tx, ImageRecord image, ImageReference reference) {
    return tx.references().listByImage(image.id()).stream()
        .map(r -> ImageReference.parse(r.name()))
        .noneMatch(r -> r.digest().isEmpty() && r.repository().equals(reference.repository()));
  }

  /** A {@code name@digest} that matched through the manifest digest untags the repository. */
  private static void deleteDigestReferences(
      Tx tx, ImageRecord image, ImageReference reference, List<RemovedImage> removed) {
    for (ReferenceRecord ref : tx.references().listByImage(image.id())) {
      ImageReference r = ImageReference.parse(ref.name());
      if (r.repository().equals(reference.repository())) {
        tx.references().delete(ref.name());
        removed.add(new RemovedImage.Untagged(r.familiarString()));
      }
    }
  }

  private boolean removeById(Tx tx, ImageRecord image, boolean force, List<RemovedImage> removed) {
    List<ReferenceRecord> refs = tx.references().listByImage(image.id());
    List<ContainerRecord> users = tx.containers().listByImage(image.id());
    if (!force && refs.size() > 1) {
      throw BerthException.conflict(
          "conflict: unable to delete %s (must be forced) - image is referenced in multiple"
              + " repositories",
          image.id().shortHex());
    }
    if (!force && !users.isEmpty()) {
      throw BerthException.conflict(
          "conflict: unable to delete %s (must be forced) - image is being used by stopped"
              + " container %s",
          image.id().shortHex(), users.getFirst().id().substring(0, 12));
    }
    for (ReferenceRecord ref : refs) {
      tx.references().delete(ref.name());
      removed.add(new RemovedImage.Untagged(ImageReference.parse(ref.name()).familiarString()));
    }
    return users.isEmpty() && delete(tx, image, removed);
  }

  private static boolean delete(Tx tx, ImageRecord image, List<RemovedImage> removed) {
    if (tx.images().delete(image.id())) {
      removed.add(new RemovedImage.Deleted(image.id().toString()));
      return true;
    }
    return false;
  }

  private void publish(List<RemovedImage> removed, Digest id) {
    for (RemovedImage r : removed) {
      switch (r) {
        case RemovedImage.Untagged u ->
            events.publish(ImageEvent.of("untag", id.toString(), u.value()));
        case RemovedImage.Deleted d ->
            events.publish(ImageEvent.of("delete", id.toString(), d.value()));
      }
    }
  }

  PruneResult prune(PruneOptions options) {
    List<RemovedImage> removed = new ArrayList<>();
    List<Image> deleted = new ArrayList<>();
    for (Image image : service.list()) {
      if (!selected(image, options)) {
        continue;
      }
      List<RemovedImage> mine = new ArrayList<>();
      boolean gone =
          metadata.write(
              tx -> {
                Optional<ImageRecord> record = tx.images().get(image.id());
                if (record.isEmpty() || !tx.containers().listByImage(image.id()).isEmpty()) {
                  return false;
                }
                for (ReferenceRecord ref : tx.references().listByImage(image.id())) {
                  tx.references().delete(ref.name());
                  mine.add(
                      new RemovedImage.Untagged(ImageReference.parse(ref.name()).familiarString()));
                }
                return delete(tx, record.get(), mine);
              });
      publish(mine, image.id());
      removed.addAll(mine);
      if (gone) {
        deleted.add(image);
      }
    }
    CleanUp cleaned = cleanUp(deleted);
    cleaned.snapshots().forEach(c -> removed.add(new RemovedImage.Deleted(c)));
    long reclaimed = cleaned.freed();
    events.publish(new ImageEvent("prune", "", Map.of("reclaimed", Long.toString(reclaimed))));
    return new PruneResult(removed, reclaimed);
  }

  private static boolean selected(Image image, PruneOptions options) {
    if (!options.all() && !image.references().isEmpty()) {
      return false;
    }
    if (options.until().isPresent() && image.created().isAfter(options.until().get())) {
      return false;
    }
    Map<String, String> labels = image.config().config().labels();
    for (String label : options.labels()) {
      if (!labelMatches(labels, label)) {
        return false;
      }
    }
    // As Docker, label! spares only what matches every value given.
    return options.notLabels().isEmpty()
        || !options.notLabels().stream().allMatch(l -> labelMatches(labels, l));
  }

  /** Docker's label filter: {@code key} is present, or {@code key=value} holds. */
  static boolean labelMatches(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  DiskUsage diskUsage() {
    Map<Digest, Integer> users = new java.util.HashMap<>();
    Map<String, Long> containers = new java.util.LinkedHashMap<>();
    List<String> volumes = new ArrayList<>();
    metadata.read(
        tx -> {
          for (ContainerRecord c : tx.containers().list()) {
            users.merge(c.imageId(), 1, Integer::sum);
            containers.put(c.id(), 0L);
          }
          tx.volumes().list().forEach(v -> volumes.add(v.name()));
          return null;
        });
    containers.replaceAll((id, zero) -> writableLayerSize(id));
    long layers = content.list().stream().mapToLong(ContentStore.Info::size).sum();
    List<Image> all = service.list();
    List<DiskUsage.ImageUsage> images =
        all.stream().map(i -> new DiskUsage.ImageUsage(i, users.getOrDefault(i.id(), 0))).toList();
    return new DiskUsage(images, layers, containers, volumes, buildCache.list(imageChains(all)));
  }

  /**
   * The bytes in container {@code id}'s writable layer: its active snapshot, which the container
   * service names {@code container-<id>}; 0 when it has none.
   */
  private long writableLayerSize(String id) {
    String key = "container-" + id;
    try {
      return snapshots.stat(key).isPresent() ? snapshots.usage(key).bytes() : 0;
    } catch (BerthException e) {
      return 0; // removed since the listing
    }
  }

  private static Set<String> imageChains(List<Image> images) {
    Set<String> chains = new HashSet<>();
    images.forEach(i -> chains.addAll(chains(i.config().rootfs().diffIds())));
    return chains;
  }

  BuildCachePruneResult pruneBuildCache(BuildCachePruneOptions options) {
    List<BuildCacheEntry> deleted = buildCache.delete(options, imageChains(service.list()));
    Set<String> candidates = new HashSet<>();
    deleted.forEach(e -> e.snapshot().ifPresent(candidates::add));
    if (!candidates.isEmpty()) {
      removeUnneededSnapshots(candidates);
    }
    long reclaimed =
        deleted.stream().filter(e -> !e.shared()).mapToLong(BuildCacheEntry::size).sum();
    return new BuildCachePruneResult(deleted.stream().map(BuildCacheEntry::id).toList(), reclaimed);
  }

  long collectGarbage() {
    long freed = content.gc(liveBlobs());
    removeUnneededSnapshots(Set.of());
    return freed;
  }

  /**
   * What a clean-up freed: the content bytes of the layers released, and their chain IDs, top
   * layers first.
   */
  private record CleanUp(long freed, List<String> snapshots) {}

  /** Deletes the blobs and snapshots of {@code deleted} that nothing else needs. */
  private CleanUp cleanUp(List<Image> deleted) {
    if (deleted.isEmpty()) {
      return new CleanUp(0, List.of());
    }

    // The layers released, as Docker lists and counts them: every chain of the deleted images,
    // top first, that nothing else needs, whether or not it was ever unpacked.
    Set<String> needed = neededSnapshots();
    java.util.LinkedHashSet<String> released = new java.util.LinkedHashSet<>();
    long freed = 0;
    for (Image image : deleted) {
      List<String> chains = chains(image.config().rootfs().diffIds());
      for (int i = chains.size() - 1; i >= 0; i--) {
        if (!needed.contains(chains.get(i)) && released.add(chains.get(i))) {
          freed += releasedSize(image, i);
        }
      }
    }

    // Then the blobs and snapshots nothing needs.
    Set<Digest> live = liveBlobs();
    for (Image image : deleted) {
      for (Descriptor blob : blobs(image)) {
        if (!live.contains(blob.digest())) {
          content.delete(blob.digest());
        }
      }
    }
    if (!released.isEmpty()) {
      removeUnneededSnapshots(released);
    }
    return new CleanUp(freed, List.copyOf(released));
  }

  /** The content size of layer {@code i} of {@code image}; 0 when its blob is already gone. */
  private long releasedSize(Image image, int i) {
    Descriptor blob = image.manifest().layers().get(i);
    if (content.info(blob.digest()).isEmpty()) {
      return 0;
    }
    return service.layerSize(image.config().rootfs().diffIds().get(i), blob);
  }

  private static List<Descriptor> blobs(Image image) {
    List<Descriptor> all = new ArrayList<>(image.manifest().layers());
    all.add(image.manifest().config());
    all.add(Descriptor.of(image.manifest().mediaType(), image.manifestDigest(), 0));
    return all;
  }

  /** Blobs any image needs, and those leased ({@code content:<digest>}). */
  private Set<Digest> liveBlobs() {
    Set<Digest> live = new HashSet<>();
    for (Image image : service.list()) {
      blobs(image).forEach(d -> live.add(d.digest()));
    }
    List<LeaseRecord> leases = metadata.read(tx -> tx.leases().list());
    for (LeaseRecord lease : leases) {
      for (String resource : lease.resources()) {
        if (resource.startsWith("content:")) {
          live.add(Digest.parse(resource.substring("content:".length())));
        }
      }
    }
    return live;
  }

  /**
   * Removes committed chain snapshots that no image, build cache record or lease needs: those in
   * {@code candidates}, or every such one when it is empty; children before parents. Returns the
   * names removed, in that order.
   */
  private List<String> removeUnneededSnapshots(Set<String> candidates) {
    List<String> removed = new ArrayList<>();
    Set<String> needed = neededSnapshots();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Info info : snapshots.list()) {
        String name = info.name();
        boolean candidate =
            candidates.isEmpty() ? name.startsWith("sha256:") : candidates.contains(name);
        if (info.kind() != Kind.COMMITTED || !candidate || needed.contains(name)) {
          continue;
        }
        boolean isParent =
            snapshots.list().stream().anyMatch(o -> o.parent().equals(Optional.of(name)));
        if (!isParent) {
          try {
            snapshots.remove(name);
            removed.add(name);
            progress = true;
          } catch (BerthException e) {
            needed.add(name); // in use since the listing: leave it
          }
        }
      }
    }
    return removed;
  }

  /**
   * The snapshots an image, a build cache record or a lease needs, and those that stand for a blob
   * an image or a lease needs that the content store does not hold as bytes (an image loaded or
   * pulled with a layer a build made shares it, whatever its own chain).
   */
  private Set<String> neededSnapshots() {
    Set<String> needed = new HashSet<>();
    for (Image image : service.list()) {
      needed.addAll(chains(image.config().rootfs().diffIds()));
    }
    Set<Digest> live = liveBlobs();
    for (Info info : snapshots.list()) {
      LayerRecipe.fromLabels(info.labels())
          .filter(r -> live.contains(r.digest()))
          .filter(r -> content.produced(r.digest()).isPresent())
          .ifPresent(r -> needed.add(info.name()));
    }
    metadata.read(
        tx -> {
          tx.buildCache().list().forEach(r -> r.chainId().ifPresent(c -> needed.add(c.toString())));
          for (LeaseRecord lease : tx.leases().list()) {
            lease.resources().stream()
                .filter(r -> r.startsWith("snapshot:"))
                .forEach(r -> needed.add(r.substring("snapshot:".length())));
          }
          return null;
        });
    return needed;
  }

  /** The chain ID of every prefix of {@code diffIds}: the snapshots an image's stack is made of. */
  static List<String> chains(List<DiffId> diffIds) {
    List<String> chains = new ArrayList<>();
    Optional<ChainId> chain = Optional.empty();
    for (DiffId diffId : diffIds) {
      ChainId next = chain.map(c -> c.child(diffId)).orElseGet(() -> ChainId.of(List.of(diffId)));
      chains.add(next.toString());
      chain = Optional.of(next);
    }
    return chains;
  }
}
