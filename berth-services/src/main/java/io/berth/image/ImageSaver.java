package io.berth.image;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.oci.Descriptor;
import io.berth.oci.Digest;
import io.berth.oci.DockerArchiveManifest;
import io.berth.oci.ImageReference;
import io.berth.oci.Index;
import io.berth.oci.OciJson;
import io.berth.oci.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: writes images as current Docker does, an OCI image layout ({@code
 * oci-layout}, {@code index.json} with the image names as annotations, {@code blobs/sha256/…}) with
 * a docker-archive {@code manifest.json} pointing into the same blobs, so both {@code docker load}
 * (old and new) and OCI tools read it. Deterministic: entries sorted, times and owners zero.
 */
public final class ImageSaver {
  private final ImageService images;
  private final ContentStore content;
  private final ImageEvents events;

  public ImageSaver(ImageService images, ContentStore content, ImageEvents events) {
    this.images = Objects.requireNonNull(images, "images");
    this.content = Objects.requireNonNull(content, "content");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Resolves every name first (NOT_FOUND before a byte is written), then writes the archive of
   * those images to {@code out}; a name that is a tag saves that tag, an ID every tag of the image.
   */
  public void save(List<String> names, OutputStream out) {
    if (names.isEmpty()) {
      throw BerthException.invalid("docker save needs at least one image");
    }
    Map<Digest, Selected> selected = new LinkedHashMap<>();
    for (String name : names) {
      Image image = images.resolve(name);
      Selected s =
          selected.computeIfAbsent(image.id(), id -> new Selected(image, new ArrayList<>()));
      for (ImageReference tag : tagsNamed(name, image)) {
        if (!s.tags().contains(tag)) {
          s.tags().add(tag);
        }
      }
    }
    try {
      write(List.copyOf(selected.values()), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Selected s : selected.values()) {
      events.publish(ImageEvent.of("save", s.image().id().toString(), names(s)));
    }
  }

  private static String names(Selected s) {
    return s.tags().isEmpty() ? s.image().id().toString() : s.tags().getFirst().familiarString();
  }

  private record Selected(Image image, List<ImageReference> tags) {}

  private static List<ImageReference> tagsNamed(String name, Image image) {
    String hex = name.startsWith("sha256:") ? name.substring(7) : name;
    if (ImageReference.isImageIdPrefix(name) && image.id().hex().startsWith(hex)) {
      return image.references().stream().filter(r -> r.tag().isPresent()).toList();
    }
    ImageReference ref = ImageReference.parse(name);
    return ref.tag().isPresent() && ref.digest().isEmpty() ? List.of(ref) : List.of();
  }

  private void write(List<Selected> selected, OutputStream out) throws IOException {
    TreeMap<Digest, Descriptor> blobs = new TreeMap<>();
    List<Descriptor> indexEntries = new ArrayList<>();
    List<DockerArchiveManifest.Entry> entries = new ArrayList<>();
    for (Selected s : selected) {
      Image image = s.image();
      Descriptor manifest =
          Descriptor.of(
              image.manifest().mediaType(), image.manifestDigest(), size(image.manifestDigest()));
      blobs.put(manifest.digest(), manifest);
      blobs.put(image.manifest().config().digest(), image.manifest().config());
      image.manifest().layers().forEach(l -> blobs.put(l.digest(), l));
      if (s.tags().isEmpty()) {
        indexEntries.add(manifest);
      }
      for (ImageReference tag : s.tags()) {
        indexEntries.add(
            manifest.withAnnotations(
                Map.of(
                    ImageLoader.CONTAINERD_NAME, tag.toString(),
                    ImageLoader.REF_NAME, tag.tag().orElseThrow())));
      }
      entries.add(
          new DockerArchiveManifest.Entry(
              ImageLoader.blobPath(image.manifest().config().digest()),
              s.tags().stream().map(ImageReference::familiarString).toList(),
              image.manifest().layers().stream()
                  .map(l -> ImageLoader.blobPath(l.digest()))
                  .toList(),
              Map.of()));
    }
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    directory(tar, "blobs/");
    directory(tar, "blobs/sha256/");
    for (Descriptor blob : blobs.values()) {
      blob(tar, blob.digest());
    }
    file(tar, "index.json", OciJson.bytes(Index.of(indexEntries)));
    file(tar, "manifest.json", OciJson.bytes(new DockerArchiveManifest(entries)));
    file(tar, "oci-layout", OciJson.bytes(OciLayout.current()));
    tar.finish();
    tar.flush();
  }

  private long size(Digest digest) {
    return content
        .info(digest)
        .orElseThrow(() -> BerthException.notFound("blob %s is not in the content store", digest))
        .size();
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    fixed(entry);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(0100644);
    entry.setSize(bytes.length);
    fixed(entry);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private void blob(TarArchiveOutputStream tar, Digest digest) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(ImageLoader.blobPath(digest));
    entry.setMode(0100644);
    entry.setSize(size(digest));
    fixed(entry);
    tar.putArchiveEntry(entry);
    try (InputStream in = content.openVerified(digest)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
  }

  private static void fixed(TarArchiveEntry entry) {
    entry.setModTime(0);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
  }
}
