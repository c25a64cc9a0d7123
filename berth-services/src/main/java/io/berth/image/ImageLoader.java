package io.berth.image;

import io.berth.archive.Compression;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.DockerArchiveManifest;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.Index;
import io.berth.oci.Manifest;
import io.berth.oci.MediaType;
import io.berth.oci.OciJson;
import io.berth.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code docker load}: reads a docker-archive ({@code manifest.json}) or an OCI image layout tar
 * ({@code index.json} and {@code oci-layout}), gzip-compressed or not, checks every blob against
 * its digest and every layer against its diff ID, stores the blobs, then records all the images and
 * their tags in one metadata transaction — the commit point: a failure or crash before it leaves
 * only unreferenced blobs, which garbage collection removes.
 */
public final class ImageLoader {
  static final String CONTAINERD_NAME = "io.containerd.image.name";
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final ImageStore store;
  private final ContentStore content;
  private final Path tmp;
  private final ImageEvents events;
  private final Platform platform;

  /** A loader staging archives under {@code tmp}, where it first deletes what a crash left. */
  public ImageLoader(ImageStore store, Path tmp, ImageEvents events, Platform platform) {
    this.store = Objects.requireNonNull(store, "store");
    this.content = store.content();
    this.tmp = Objects.requireNonNull(tmp, "tmp");
    this.events = Objects.requireNonNull(events, "events");
    this.platform = Objects.requireNonNull(platform, "platform");
    ArchiveStage.cleanLeftovers(tmp);
  }

  /**
   * Loads every image of {@code archive}; reports {@code Loaded image: …} lines to {@code sink}.
   */
  public List<Image> load(InputStream archive, EventSink sink) {
    List<StoredImage> stored;
    try (ArchiveStage stage = ArchiveStage.read(archive, tmp)) {
      if (stage.has("manifest.json")) {
        stored = dockerArchive(stage);
      } else if (stage.has("index.json")) {
        stored = ociLayout(stage);
      } else {
        throw BerthException.invalid(
            "invalid image archive: neither a docker-archive (no manifest.json) nor an OCI layout"
                + " (no index.json)");
      }
    }
    List<Image> images = store.record(stored);
    for (int i = 0; i < images.size(); i++) {
      report(images.get(i), stored.get(i).tags(), sink);
    }
    return images;
  }

  private void report(Image image, List<ImageReference> tags, EventSink sink) {
    if (tags.isEmpty()) {
      sink.accept(new Event.Status("Loaded image ID: " + image.id()));
      events.publish(ImageEvent.of("load", image.id().toString(), image.id().toString()));
    }
    for (ImageReference tag : tags) {
      sink.accept(new Event.Status("Loaded image: " + tag.familiarString()));
      events.publish(ImageEvent.of("load", image.id().toString(), tag.familiarString()));
    }
  }

  // --- docker-archive -------------------------------------------------------------------------

  private List<StoredImage> dockerArchive(ArchiveStage stage) {
    DockerArchiveManifest archive =
        OciJson.parseDockerArchiveManifest(stage.bytes("manifest.json", "the archive"));
    if (archive.entries().isEmpty()) {
      throw BerthException.invalid("invalid image archive: manifest.json lists no images");
    }
    Map<Digest, Descriptor> ociManifests =
        stage.has("index.json") ? ociManifestsByConfig(stage) : Map.of();
    List<StoredImage> images = new ArrayList<>();
    for (DockerArchiveManifest.Entry entry : archive.entries()) {
      List<ImageReference> tags = entry.repoTags().stream().map(ImageLoader::tag).toList();
      byte[] configBytes = stage.bytes(entry.config(), "manifest.json's Config");
      Digest configDigest = Digest.sha256(configBytes);
      Descriptor oci = ociManifests.get(configDigest);
      if (oci != null) {
        images.add(ociImage(stage, oci, tags));
      } else {
        images.add(legacyImage(stage, entry, configBytes, tags));
      }
    }
    return images;
  }

  private static ImageReference tag(String text) {
    ImageReference ref = ImageReference.parseNormalized(text);
    return ref.tag().isPresent() || ref.digest().isPresent() ? ref : ref.withTag("latest");
  }

  private StoredImage legacyImage(
      ArchiveStage stage,
      DockerArchiveManifest.Entry entry,
      byte[] configBytes,
      List<ImageReference> tags) {
    ImageConfig config = OciJson.parseImageConfig(configBytes);
    List<DiffId> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != entry.layers().size()) {
      throw BerthException.invalid(
          "invalid image archive: %s lists %d layers, but its config %s has %d diff IDs",
          entry.config(), entry.layers().size(), entry.config(), diffIds.size());
    }
    Descriptor configDescriptor = storeBytes(MediaType.OCI_CONFIG, configBytes);
    List<Descriptor> layers = new ArrayList<>();
    long size = 0;
    for (int i = 0; i < diffIds.size(); i++) {
      String path = entry.layers().get(i);
      Path file = stage.require(path, "manifest.json's layer " + (i + 1));
      LayerStreams.Measured measured = measure(file, path, diffIds.get(i));
      size += measured.contentSize();
      MediaType type = MediaType.ociLayer(ociCompression(measured));
      // An uncompressed layer's digest is its diff ID, just checked: one the store holds (as a
      // build's snapshot, say) is shared rather than stored again.
      Optional<Descriptor> known =
          measured.compression() == Compression.NONE
              ? Optional.of(Descriptor.of(type, diffIds.get(i).digest(), measured.size()))
              : Optional.empty();
      layers.add(storeFile(file, known, type));
    }
    Manifest manifest = Manifest.of(configDescriptor, layers);
    return new StoredImage(storeBytes(MediaType.OCI_MANIFEST, OciJson.bytes(manifest)), tags, size);
  }

  private static io.berth.oci.Compression ociCompression(LayerStreams.Measured measured) {
    return switch (measured.compression()) {
      case NONE -> io.berth.oci.Compression.NONE;
      case GZIP -> io.berth.oci.Compression.GZIP;
      case ZSTD -> io.berth.oci.Compression.ZSTD;
    };
  }

  // --- OCI layout --------------------------------------------------------------------------------

  private List<StoredImage> ociLayout(ArchiveStage stage) {
    List<StoredImage> images = new ArrayList<>();
    for (Map.Entry<Descriptor, List<ImageReference>> e : ociManifests(stage).entrySet()) {
      images.add(ociImage(stage, e.getKey(), e.getValue()));
    }
    return images;
  }

  /** The image manifests the layout's index names, with the names its annotations give. */
  private Map<Descriptor, List<ImageReference>> ociManifests(ArchiveStage stage) {
    if (stage.has("oci-layout")) {
      OciJson.parseOciLayout(stage.bytes("oci-layout", "the archive"));
    }
    Index index = OciJson.parseIndex(stage.bytes("index.json", "the archive"));
    Map<Descriptor, List<ImageReference>> manifests = new LinkedHashMap<>();
    for (Descriptor d : index.manifests()) {
      Descriptor manifest = d.mediaType().isIndex() ? platformManifest(stage, d) : d;
      List<ImageReference> names = new ArrayList<>(manifests.getOrDefault(manifest, List.of()));
      name(d).filter(n -> !names.contains(n)).ifPresent(names::add);
      manifests.put(manifest, names);
    }
    return manifests;
  }

  private Map<Digest, Descriptor> ociManifestsByConfig(ArchiveStage stage) {
    Map<Digest, Descriptor> byConfig = new LinkedHashMap<>();
    for (Descriptor d : ociManifests(stage).keySet()) {
      Manifest m = OciJson.parseManifest(verifiedBlob(stage, d));
      byConfig.put(m.config().digest(), d);
    }
    return byConfig;
  }

  private Descriptor platformManifest(ArchiveStage stage, Descriptor indexDescriptor) {
    Index nested = OciJson.parseIndex(verifiedBlob(stage, indexDescriptor));
    return nested
        .manifestFor(platform)
        .or(() -> nested.manifests().stream().filter(d -> d.mediaType().isManifest()).findFirst())
        .orElseThrow(
            () ->
                BerthException.notFound(
                    "invalid image archive: index %s has no manifest for %s",
                    indexDescriptor.digest(), platform));
  }

  private static Optional<ImageReference> name(Descriptor d) {
    String full = d.annotations().get(CONTAINERD_NAME);
    if (full != null) {
      return Optional.of(tag(full));
    }
    String refName = d.annotations().get(REF_NAME);
    if (refName != null && (refName.contains(":") || refName.contains("/"))) {
      try {
        return Optional.of(tag(refName));
      } catch (BerthException e) {
        return Optional.empty(); // a bare tag such as "latest" names no repository
      }
    }
    return Optional.empty();
  }

  private StoredImage ociImage(
      ArchiveStage stage, Descriptor manifestDescriptor, List<ImageReference> tags) {
    Manifest manifest = OciJson.parseManifest(verifiedBlob(stage, manifestDescriptor));
    byte[] configBytes = verifiedBlob(stage, manifest.config());
    ImageConfig config = OciJson.parseImageConfig(configBytes);
    List<DiffId> diffIds = config.rootfs().diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw BerthException.invalid(
          "invalid image archive: manifest %s lists %d layers, but its config has %d diff IDs",
          manifestDescriptor.digest(), manifest.layers().size(), diffIds.size());
    }
    long size = 0;
    for (int i = 0; i < diffIds.size(); i++) {
      Descriptor layer = manifest.layers().get(i);
      Path file =
          stage.require(
              blobPath(layer.digest()),
              "manifest " + manifestDescriptor.digest().shortHex() + "'s layer " + (i + 1));
      size += measureBlob(file, layer, diffIds.get(i)).contentSize();
      storeFile(file, Optional.of(layer), layer.mediaType());
    }
    storeBytes(manifest.config().mediaType(), configBytes);
    Descriptor stored = storeBytes(manifest.mediaType(), verifiedBlob(stage, manifestDescriptor));
    return new StoredImage(stored, tags, size);
  }

  static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  /** The bytes of blob {@code d} of the layout, checked against its size and digest. */
  private static byte[] verifiedBlob(ArchiveStage stage, Descriptor d) {
    byte[] bytes = stage.bytes(blobPath(d.digest()), "descriptor " + d.digest());
    Digest actual = Digest.of(d.digest().algorithm(), hash(d.digest().algorithm(), bytes));
    if (bytes.length != d.size() || !actual.equals(d.digest())) {
      throw BerthException.invalid(
          "invalid image archive: blob %s has %d bytes with digest %s, expected %d bytes with"
              + " digest %s",
          blobPath(d.digest()), bytes.length, actual, d.size(), d.digest());
    }
    return bytes;
  }

  private static byte[] hash(String algorithm, byte[] bytes) {
    return Digest.newMessageDigest(algorithm).digest(bytes);
  }

  // --- blobs -------------------------------------------------------------------------------------

  /**
   * Measures layer blob {@code file}; when it cannot be read, a blob whose digest is not the
   * descriptor's is reported as such, the likelier cause.
   */
  private LayerStreams.Measured measureBlob(Path file, Descriptor layer, DiffId expected) {
    try {
      return measure(file, blobPath(layer.digest()), expected);
    } catch (BerthException e) {
      Digest actual;
      try (InputStream in = Files.newInputStream(file)) {
        java.security.MessageDigest sha = Digest.newMessageDigest(layer.digest().algorithm());
        in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), sha));
        actual = Digest.of(layer.digest().algorithm(), sha.digest());
      } catch (IOException io) {
        throw e;
      }
      if (!actual.equals(layer.digest())) {
        throw BerthException.invalid(
            "invalid image archive: blob %s has digest %s, expected %s",
            blobPath(layer.digest()), actual, layer.digest());
      }
      throw e;
    }
  }

  private LayerStreams.Measured measure(Path file, String path, DiffId expected) {
    try (InputStream in = Files.newInputStream(file)) {
      LayerStreams.Measured measured = LayerStreams.measure(in, "layer " + path);
      if (!measured.diffId().equals(expected)) {
        throw BerthException.invalid(
            "invalid image archive: layer %s has diff ID %s, but the image config lists %s",
            path, measured.diffId(), expected);
      }
      return measured;
    } catch (IOException e) {
      throw BerthException.invalid("cannot read layer %s: %s", path, e.getMessage());
    }
  }

  private Descriptor storeBytes(MediaType type, byte[] bytes) {
    Descriptor d = Descriptor.ofBytes(type, bytes);
    if (content.info(d.digest()).isEmpty()) {
      content.write(bytes);
    }
    return d;
  }

  /** Stores {@code file} as a blob, checked against {@code expected} when there is one. */
  private Descriptor storeFile(Path file, Optional<Descriptor> expected, MediaType type) {
    if (expected.isPresent() && content.info(expected.get().digest()).isPresent()) {
      return expected.get();
    }
    try (InputStream in = Files.newInputStream(file);
        ContentStore.Writer writer =
            content.writer(
                expected.map(Descriptor::digest), expected.map(Descriptor::size).orElse(-1L))) {
      in.transferTo(writer.outputStream());
      long size = writer.written();
      Digest digest =
          expected.isPresent()
              ? writer.commit(expected.get().size(), expected.get().digest())
              : writer.commit();
      return Descriptor.of(type, digest, size);
    } catch (IOException e) {
      throw BerthException.internal("storing " + file + ": " + e.getMessage(), e);
    }
  }
}
