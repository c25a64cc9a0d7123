package io.berth.image;

import io.berth.archive.ParallelGzipOutputStream;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.Compression;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Manifest;
import io.berth.oci.MediaType;
import io.berth.oci.OciJson;
import io.berth.registry.Credentials;
import io.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code docker push}: sends an image's layers, config and an OCI manifest to a registry. Layers
 * the store keeps uncompressed (as builds write them) are compressed with gzip on every core on the
 * way, into a temporary file that is deleted afterwards, so the pushed manifest names gzip layers
 * with their own digests while the image ID (the config's digest) stays the same. A blob the
 * repository already has is not sent again.
 */
public final class ImagePusher {
  private final ImageStore store;
  private final ContentStore content;
  private final Path tmp;
  private final ImageEvents events;

  /** What a push left in the registry: the manifest's digest and size under {@code tag}. */
  public record Pushed(String tag, Digest digest, long size) {}

  /** A pusher from {@code store}, compressing under {@code tmp}. */
  public ImagePusher(ImageStore store, Path tmp, ImageEvents events) {
    this.store = Objects.requireNonNull(store, "store");
    this.content = store.content();
    this.tmp = Objects.requireNonNull(tmp, "tmp");
    this.events = Objects.requireNonNull(events, "events");
    cleanLeftovers(tmp);
  }

  /** Deletes the compressed copies a crash during an earlier push left under {@code tmp}. */
  private static void cleanLeftovers(Path tmp) {
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (var children = Files.list(tmp)) {
      children
          .filter(p -> p.getFileName().toString().startsWith("push-"))
          .forEach(ImagePusher::deleteQuietly);
    } catch (IOException e) {
      throw BerthException.internal("cleaning " + tmp, e);
    }
  }

  /**
   * Pushes the image {@code reference} names (tag {@code latest} when none) under its tag, with
   * {@code credentials} for its registry when given.
   */
  public Pushed push(ImageReference reference, Optional<Credentials> credentials, EventSink sink) {
    RegistryClient registry = new RegistryClient(domain -> credentials);
    if (reference.digest().isPresent()) {
      throw BerthException.invalid(
          "cannot push a digest reference: %s", reference.familiarString());
    }
    ImageReference named =
        reference.tag().isPresent() ? reference : reference.withTag(ImageReference.DEFAULT_TAG);
    sink.accept(
        new Event.Status(
            "The push refers to repository [" + named.withoutTagOrDigest().repository() + "]"));
    Image image =
        store
            .find(named.toString())
            .orElseThrow(
                () ->
                    BerthException.notFound(
                        "An image does not exist locally with the tag: %s",
                        named.withoutTagOrDigest().familiarString()));

    // Layers, top first as Docker lists them, then sent bottom first.
    List<Descriptor> blobs = image.manifest().layers();
    List<DiffId> diffIds = image.config().rootfs().diffIds();
    for (int i = diffIds.size() - 1; i >= 0; i--) {
      sink.accept(status(diffIds.get(i).digest().shortHex(), "Preparing"));
    }
    List<Descriptor> pushed = new ArrayList<>();
    for (int i = 0; i < blobs.size(); i++) {
      pushed.add(layer(registry, named, blobs.get(i), diffIds.get(i), sink));
    }

    // The config as it is, then the manifest naming the pushed layers.
    Descriptor config = image.manifest().config();
    if (!registry.hasBlob(named, config.digest())) {
      sendFromStore(registry, named, config);
    }
    Manifest manifest = Manifest.of(config, pushed);
    byte[] bytes = OciJson.bytes(manifest);
    String tag = named.tag().orElseThrow();
    Digest digest = registry.pushManifest(named, tag, MediaType.OCI_MANIFEST, bytes);
    recordDigest(image, named.withoutTagOrDigest().withDigest(digest));
    events.publish(ImageEvent.of("push", image.id().toString(), named.familiarString()));
    sink.accept(new Event.Status("%s: digest: %s size: %d".formatted(tag, digest, bytes.length)));
    return new Pushed(tag, digest, bytes.length);
  }

  /** Records {@code name@digest} for the image, so that its RepoDigests show what was pushed. */
  private void recordDigest(Image image, ImageReference pushed) {
    long size = content.info(image.manifestDigest()).map(ContentStore.Info::size).orElse(0L);
    Descriptor manifest = Descriptor.of(image.manifest().mediaType(), image.manifestDigest(), size);
    store.record(List.of(new StoredImage(manifest, List.of(pushed), image.size())));
  }

  /** Sends one layer, compressed with gzip when stored uncompressed; its pushed descriptor. */
  private Descriptor layer(
      RegistryClient registry,
      ImageReference name,
      Descriptor blob,
      DiffId diffId,
      EventSink sink) {
    String id = diffId.digest().shortHex();
    boolean compress = blob.mediaType().compression().map(c -> c == Compression.NONE).orElse(false);
    if (!compress) {
      if (registry.hasBlob(name, blob.digest())) {
        sink.accept(status(id, "Layer already exists"));
      } else {
        sink.accept(new Event.Progress(id, "Pushing", 0, blob.size()));
        sendFromStore(registry, name, blob);
        sink.accept(status(id, "Pushed"));
      }
      return blob;
    }
    Path file = null;
    try {
      Files.createDirectories(tmp);
      file = Files.createTempFile(tmp, "push-", ".tar.gz");
      Descriptor gzipped = compress(blob, file);
      if (registry.hasBlob(name, gzipped.digest())) {
        sink.accept(status(id, "Layer already exists"));
      } else {
        sink.accept(new Event.Progress(id, "Pushing", 0, gzipped.size()));
        registry.pushBlob(name, gzipped.digest(), file);
        sink.accept(status(id, "Pushed"));
      }
      return gzipped;
    } catch (IOException e) {
      throw BerthException.internal("compressing layer " + blob.digest() + " for a push", e);
    } finally {
      deleteQuietly(file);
    }
  }

  private Descriptor compress(Descriptor blob, Path file) throws IOException {
    MessageDigest sha = Digest.newMessageDigest(Digest.SHA256);
    try (InputStream in = content.open(blob.digest());
        OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha);
        OutputStream gzip = new ParallelGzipOutputStream(out)) {
      in.transferTo(gzip);
    }
    return Descriptor.of(
        MediaType.OCI_LAYER_TAR_GZIP, Digest.of(Digest.SHA256, sha.digest()), Files.size(file));
  }

  /** Uploads a blob of the store as it is, through a temporary copy. */
  private void sendFromStore(RegistryClient registry, ImageReference name, Descriptor blob) {
    Path file = null;
    try {
      Files.createDirectories(tmp);
      file = Files.createTempFile(tmp, "push-", ".blob");
      try (InputStream in = content.open(blob.digest())) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      registry.pushBlob(name, blob.digest(), file);
    } catch (IOException e) {
      throw BerthException.internal("reading blob " + blob.digest() + " for a push", e);
    } finally {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover under tmp is removed with the next start's clean-up
      }
    }
  }

  private static Event status(String id, String text) {
    return new Event.Progress(id, text, -1, -1);
  }
}
