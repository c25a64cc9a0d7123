package io.berth.image;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.Index;
import io.berth.oci.Manifest;
import io.berth.oci.OciJson;
import io.berth.oci.Platform;
import io.berth.registry.Credentials;
import io.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code docker pull}: resolves a reference on its registry, picks the platform's manifest from an
 * index, fetches the config and each missing layer into the content store (where every blob is
 * checked against its digest as it is committed), checks each layer's diff ID against the config,
 * then records the image and its name in one metadata transaction. Layers are unpacked later, when
 * something needs them. Progress goes to the sink as Docker's pull messages: {@link Event.Progress}
 * with an item ID, where {@code current < 0} means a plain status line.
 */
public final class ImagePuller {
  private static final long PROGRESS_STEP = 1 << 20;

  private final ImageStore store;
  private final ContentStore content;
  private final ImageEvents events;
  private final Platform platform;

  /** A puller into {@code store}, for {@code platform} unless a pull names another. */
  public ImagePuller(ImageStore store, ImageEvents events, Platform platform) {
    this.store = Objects.requireNonNull(store, "store");
    this.content = store.content();
    this.events = Objects.requireNonNull(events, "events");
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  /**
   * Pulls {@code reference} (a tag, {@code latest} when none, or a digest) for {@code wanted}, with
   * {@code credentials} for its registry when given.
   */
  public Image pull(
      ImageReference reference,
      Optional<Platform> wanted,
      Optional<Credentials> credentials,
      EventSink sink) {
    RegistryClient registry = new RegistryClient(domain -> credentials);
    ImageReference named =
        reference.tag().isPresent() || reference.digest().isPresent()
            ? reference
            : reference.withTag(ImageReference.DEFAULT_TAG);
    String ref = named.digest().map(Digest::toString).orElseGet(() -> named.tag().orElseThrow());
    String item = named.digest().isPresent() ? named.digest().get().toString() : ref;

    // The manifest, through the index when the name points at one.
    RegistryClient.Fetched top = registry.manifest(named, ref);
    sink.accept(status(item, "Pulling from " + named.path()));
    Platform target = wanted.orElse(platform);
    RegistryClient.Fetched fetched = top;
    if (top.mediaType().isIndex()) {
      Index index = OciJson.parseIndex(top.bytes());
      Descriptor chosen =
          index
              .manifestFor(target)
              .orElseThrow(
                  () ->
                      BerthException.notFound(
                          "no matching manifest for %s in the manifest list entries", target));
      fetched = registry.manifest(named, chosen.digest().toString());
    } else if (!top.mediaType().isManifest()) {
      throw BerthException.invalid(
          "pulling %s: the registry answered with %s, not an image manifest",
          named.familiarString(), top.mediaType());
    }
    Manifest manifest = OciJson.parseManifest(fetched.bytes());

    // The config, then the layers it lists.
    byte[] configBytes = fetchSmall(registry, named, manifest.config());
    ImageConfig config = OciJson.parseImageConfig(configBytes);
    List<DiffId> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw BerthException.invalid(
          "pulling %s: manifest %s lists %d layers, but its config has %d diff IDs",
          named.familiarString(), fetched.digest(), manifest.layers().size(), diffIds.size());
    }
    boolean upToDate =
        store
            .find(named.toString())
            .map(i -> i.id().equals(manifest.config().digest()))
            .orElse(false);
    // An image already in the store needs no layer, and Docker then lists none.
    EventSink layerSink =
        store.find(manifest.config().digest().toString()).isPresent() ? e -> {} : sink;
    long size = 0;
    for (int i = 0; i < diffIds.size(); i++) {
      size += layer(registry, named, manifest.layers().get(i), diffIds.get(i), layerSink);
    }
    if (content.info(manifest.config().digest()).isEmpty()) {
      content.write(configBytes);
    }
    storeManifest(fetched);

    // The commit point: the image and its name in one transaction.
    List<ImageReference> names = new ArrayList<>();
    names.add(named);
    if (named.digest().isEmpty()) {
      // As Docker, the digest the tag resolved to (an index's, for a multi-platform image).
      names.add(named.withoutTagOrDigest().withDigest(top.digest()));
    }
    Descriptor stored =
        Descriptor.of(fetched.mediaType(), fetched.digest(), fetched.bytes().length);
    Image image = store.record(List.of(new StoredImage(stored, names, size))).getFirst();
    events.publish(ImageEvent.of("pull", image.id().toString(), named.familiarString()));
    sink.accept(new Event.Status("Digest: " + top.digest()));
    sink.accept(
        new Event.Status(
            (upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                + named.familiarString()));
    return image;
  }

  /** Fetches layer {@code blob} unless the store has it; returns its content size. */
  private long layer(
      RegistryClient registry,
      ImageReference name,
      Descriptor blob,
      DiffId diffId,
      EventSink sink) {
    String id = blob.digest().shortHex();
    if (content.info(blob.digest()).isPresent()) {
      sink.accept(status(id, "Already exists"));
      return store.layerSize(diffId, blob);
    }
    sink.accept(status(id, "Pulling fs layer"));
    try (InputStream in = registry.blob(name, blob.digest());
        ContentStore.Writer writer = content.writer(Optional.of(blob.digest()), blob.size())) {
      byte[] buffer = new byte[64 * 1024];
      long next = PROGRESS_STEP;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        writer.write(buffer, 0, n);
        if (writer.written() >= next) {
          sink.accept(new Event.Progress(id, "Downloading", writer.written(), blob.size()));
          next += PROGRESS_STEP;
        }
      }
      writer.commit(blob.size(), blob.digest());
    } catch (IOException e) {
      throw BerthException.unavailable(
          "pulling layer %s of %s: %s", blob.digest(), name.familiarString(), e.getMessage());
    }
    sink.accept(status(id, "Download complete"));

    // The layer must be the one the config names.
    LayerStreams.Measured measured =
        LayerStreams.measure(content.open(blob.digest()), "layer " + blob.digest());
    if (!measured.diffId().equals(diffId)) {
      content.delete(blob.digest());
      throw BerthException.invalid(
          "pulling %s: layer %s has diff ID %s, but the image config lists %s",
          name.familiarString(), blob.digest(), measured.diffId(), diffId);
    }
    sink.accept(status(id, "Pull complete"));
    return measured.contentSize();
  }

  /** A config blob, read whole and checked against its digest and size. */
  private byte[] fetchSmall(RegistryClient registry, ImageReference name, Descriptor d) {
    if (content.info(d.digest()).isPresent()) {
      try (InputStream in = content.open(d.digest())) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw BerthException.internal("reading blob " + d.digest(), e);
      }
    }
    byte[] bytes;
    try (InputStream in = registry.blob(name, d.digest())) {
      bytes = in.readNBytes((int) Math.min(d.size() + 1, 64L << 20));
    } catch (IOException e) {
      throw BerthException.unavailable("pulling config %s: %s", d.digest(), e.getMessage());
    }
    Digest actual = Digest.sha256(bytes);
    if (bytes.length != d.size() || !actual.equals(d.digest())) {
      throw BerthException.invalid(
          "pulling %s: config has %d bytes with digest %s, expected %d bytes with digest %s",
          name.familiarString(), bytes.length, actual, d.size(), d.digest());
    }
    return bytes;
  }

  private void storeManifest(RegistryClient.Fetched fetched) {
    if (content.info(fetched.digest()).isEmpty()) {
      content.write(fetched.bytes());
    }
  }

  private static Event status(String id, String text) {
    return new Event.Progress(id, text, -1, -1);
  }
}
