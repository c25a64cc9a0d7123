package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.wire.ImageDeleteItem;
import io.berth.api.wire.ImageHistoryItem;
import io.berth.api.wire.ImageInspect;
import io.berth.api.wire.ImageSummary;
import io.berth.image.Image;
import io.berth.image.ImageStore;
import io.berth.image.RemovedImage;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one place where images become Docker's JSON. */
final class ImageWire {
  private ImageWire() {}

  static ImageSummary summary(Image image, long containers) {
    Map<String, String> labels = image.config().config().labels();
    return new ImageSummary(
        image.id().toString(),
        "",
        tags(image),
        digests(image),
        image.created().getEpochSecond(),
        image.size(),
        -1,
        labels.isEmpty() ? null : labels,
        containers);
  }

  static List<String> tags(Image image) {
    return image.references().stream()
        .filter(r -> r.tag().isPresent() && r.digest().isEmpty())
        .map(ImageReference::familiarString)
        .toList();
  }

  /**
   * {@code name@digest} for each repository that names the image: the digests recorded by pull and
   * push (what the registry holds under that name, an index perhaps), else the stored manifest's
   * digest for a repository the image is only tagged in.
   */
  static List<String> digests(Image image) {
    java.util.LinkedHashSet<String> recorded = new java.util.LinkedHashSet<>();
    java.util.Set<String> repositories = new java.util.HashSet<>();
    for (ImageReference r : image.references()) {
      if (r.digest().isPresent()) {
        recorded.add(r.familiarString());
        repositories.add(r.repository());
      }
    }
    for (ImageReference r : image.references()) {
      if (!repositories.contains(r.repository())) {
        recorded.add(r.withoutTagOrDigest().withDigest(image.manifestDigest()).familiarString());
      }
    }
    return List.copyOf(recorded);
  }

  /** The image as {@code version} of the API shows it. */
  static ImageInspect inspect(Image image, ApiVersion version) throws IOException {
    ImageConfig c = image.config();
    JsonNode raw = Json.MAPPER.readTree(OciJson.bytes(c));
    String comment = raw.path("comment").asText("");
    List<String> layers = c.rootfs().diffIds().stream().map(Object::toString).toList();
    return new ImageInspect(
        image.id().toString(),
        tags(image),
        digests(image),
        "",
        comment,
        image.created().toString(),
        raw.path("container").asText(""),
        ImageConfigWire.containerConfig(raw),
        "",
        c.author(),
        ImageConfigWire.config(raw.path("config"), version),
        c.architecture(),
        c.variant().orElse(null),
        c.os(),
        image.size(),
        version.isBefore(new ApiVersion(1, 44)) ? image.size() : null,
        new ImageInspect.GraphDriver("overlay2", Map.of()),
        new ImageInspect.RootFs("layers", layers),
        new ImageInspect.Metadata(
            image.lastTagTime().map(Instant::toString).orElse("0001-01-01T00:00:00Z")));
  }

  /** The history, newest first, with each layer's uncompressed size. */
  static List<ImageHistoryItem> history(Image image, ImageStore store) {
    ImageConfig c = image.config();
    List<ImageConfig.History> entries = new ArrayList<>(c.history());
    if (entries.isEmpty()) {
      c.rootfs()
          .diffIds()
          .forEach(d -> entries.add(new ImageConfig.History(c.created(), "", "", "", false)));
    }
    List<ImageHistoryItem> items = new ArrayList<>();
    int layer = 0;
    for (ImageConfig.History h : entries) {
      long size = 0;
      if (!h.emptyLayer() && layer < c.rootfs().diffIds().size()) {
        size =
            store.layerSize(c.rootfs().diffIds().get(layer), image.manifest().layers().get(layer));
        layer++;
      }
      Instant created = h.created().orElse(Instant.EPOCH);
      items.add(
          new ImageHistoryItem(
              "<missing>", created.getEpochSecond(), h.createdBy(), List.of(), size, h.comment()));
    }
    List<ImageHistoryItem> newestFirst = new ArrayList<>(items.reversed());
    if (!newestFirst.isEmpty()) {
      ImageHistoryItem top = newestFirst.getFirst();
      newestFirst.set(
          0,
          new ImageHistoryItem(
              image.id().toString(),
              top.created(),
              top.createdBy(),
              tags(image),
              top.size(),
              top.comment()));
    }
    return newestFirst;
  }

  static ImageDeleteItem deleted(RemovedImage removed) {
    return switch (removed) {
      case RemovedImage.Untagged u -> new ImageDeleteItem(u.value(), null);
      case RemovedImage.Deleted d -> new ImageDeleteItem(null, d.value());
    };
  }
}
