package io.berth.build.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.oci.ChainId;
import io.berth.oci.DiffId;
import io.berth.oci.ImageConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --cache-from}, with BuildKit's inline cache: an image built with {@code --build-arg
 * BUILDKIT_INLINE_CACHE=1} carries in its config the cache key of each of its history entries
 * (field {@value #FIELD}), and a later build given that image with {@code --cache-from} answers a
 * step whose key it finds there with the image's own layer. An image without those keys answers
 * nothing, as in BuildKit (the classic builder matched history text instead, which cannot tell a
 * changed file under BuildKit's {@code created_by}). Thread-safe.
 */
final class InlineCache {

  /** The image config field holding the keys, one per history entry ("" for none). */
  static final String FIELD = "berth.cache.v0";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a key was found: the image, the history entry, the layer (-1 for an empty one). */
  private record Source(Image image, int history, int layer) {}

  private final ImageService images;
  private final EventSink events;
  private final Map<String, Source> sources = new HashMap<>();
  private final Set<io.berth.oci.Digest> unpacked = new HashSet<>();

  private InlineCache(ImageService images, EventSink events) {
    this.images = images;
    this.events = events;
  }

  /** The cache of the {@code --cache-from} images {@code names}; a missing one is a warning. */
  static InlineCache of(ImageService images, List<String> names, EventSink events) {
    InlineCache cache = new InlineCache(images, events);
    for (String name : names) {
      Image image;
      try {
        image = images.resolve(name);
      } catch (BerthException e) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
          throw e;
        }
        events.accept(new Event.Warning("--cache-from " + name + ": no such image; not used"));
        continue;
      }
      Optional<List<String>> keys = keys(image.config());
      if (keys.isEmpty()) {
        events.accept(
            new Event.Warning(
                "--cache-from "
                    + name
                    + ": the image holds no build cache keys (build it with --build-arg"
                    + " BUILDKIT_INLINE_CACHE=1); not used"));
        continue;
      }
      cache.index(image, keys.get());
    }
    return cache;
  }

  private void index(Image image, List<String> keys) {
    List<ImageConfig.History> history = image.config().history();
    int layer = -1;
    for (int i = 0; i < history.size(); i++) {
      boolean empty = history.get(i).emptyLayer();
      if (!empty) {
        layer++;
      }
      if (!keys.get(i).isEmpty()) {
        sources.putIfAbsent(keys.get(i), new Source(image, i, empty ? -1 : layer));
      }
    }
  }

  /**
   * The step result that key {@code key} has in a {@code --cache-from} image, over {@code parent}.
   */
  synchronized Optional<StepOutcome> lookup(String key, Optional<ChainId> parent) {
    Source s = sources.get(key);
    if (s == null) {
      return Optional.empty();
    }
    Instant created = s.image().config().history().get(s.history()).created().orElse(Instant.EPOCH);
    if (s.layer() < 0) {
      return Optional.of(new StepOutcome(Optional.empty(), parent, created));
    }
    if (unpacked.add(s.image().id())) {
      images.unpack(s.image(), events);
    }
    List<DiffId> diffIds = s.image().config().rootfs().diffIds().subList(0, s.layer() + 1);
    return Optional.of(
        new StepOutcome(
            Optional.of(
                new StepOutcome.Layer(
                    s.image().manifest().layers().get(s.layer()), diffIds.getLast())),
            Optional.of(ChainId.of(diffIds)),
            created));
  }

  /** The keys {@code config} carries, when they match its history. */
  static Optional<List<String>> keys(ImageConfig config) {
    String json = config.extra().get(FIELD);
    if (json == null) {
      return Optional.empty();
    }
    try {
      List<String> keys = JSON.readValue(json, new TypeReference<List<String>>() {});
      return keys != null && keys.size() == config.history().size()
          ? Optional.of(keys)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // a damaged field only costs the cache
    }
  }

  /** {@code config} with {@code keys} as its inline cache, or without any when empty. */
  static ImageConfig withKeys(ImageConfig config, Optional<List<String>> keys) {
    Map<String, String> extra = new TreeMap<>(config.extra());
    extra.remove(FIELD);
    if (keys.isPresent()) {
      try {
        extra.put(FIELD, JSON.writeValueAsString(keys.get()));
      } catch (IOException e) {
        throw BerthException.internal("writing the inline cache keys: " + e.getMessage(), e);
      }
    }
    return new ImageConfig(
        config.created(),
        config.author(),
        config.architecture(),
        config.os(),
        config.variant(),
        config.osVersion(),
        config.osFeatures(),
        config.config(),
        config.rootfs(),
        config.history(),
        extra);
  }
}
