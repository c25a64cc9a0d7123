package io.berth.build.engine;

import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.RunConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stage between two steps: the image config so far (run config, layers, history), the layer
 * blobs, the chain ID of the stack, the cache key of the last step, the ARGs in scope, and the
 * reason the last changed step gave, for explaining the misses after it. Used by one thread.
 */
final class StageState {

  /** The shell of shell forms when no SHELL was given. */
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  ImageConfig image;
  final List<Descriptor> layers = new ArrayList<>();
  Optional<ChainId> chain;
  String cacheKey;

  /** ARGs declared in this stage, in order; an empty value for one declared without a value. */
  final Map<String, Optional<String>> args = new LinkedHashMap<>();

  Optional<String> changeReason = Optional.empty();

  /** The cache key of each history entry so far, for the inline cache ({@link InlineCache}). */
  final List<String> historyKeys = new ArrayList<>();

  /**
   * When the last filesystem step was made (or the base, before any): what later config-only steps
   * give as their time, so that a rebuild answered from the cache makes the same image.
   */
  Instant lastCreated = Instant.EPOCH;

  StageState(
      ImageConfig image,
      List<Descriptor> layers,
      Optional<ChainId> chain,
      String key,
      List<String> historyKeys) {
    this.image = image;
    this.layers.addAll(layers);
    this.chain = chain;
    this.cacheKey = key;
    this.historyKeys.addAll(historyKeys);
    while (this.historyKeys.size() < image.history().size()) {
      this.historyKeys.add("");
    }
  }

  RunConfig config() {
    return image.config();
  }

  void config(RunConfig value) {
    image = image.withConfig(value);
  }

  List<String> shell() {
    return config().shell().isEmpty() ? DEFAULT_SHELL : config().shell();
  }

  /**
   * A variable as the builder expands it: ENV wins over ARG, and a declared ARG without a value
   * expands to nothing but does not count as set.
   */
  Optional<String> lookup(String name) {
    Optional<String> env = config().envValue(name);
    if (env.isPresent()) {
      return env;
    }
    return args.getOrDefault(name, Optional.empty());
  }

  /** The ARGs in scope that have values, and that no ENV overrides. */
  Map<String, String> argValues() {
    Map<String, String> out = new LinkedHashMap<>();
    args.forEach(
        (k, v) -> {
          if (v.isPresent() && config().envValue(k).isEmpty()) {
            out.put(k, v.get());
          }
        });
    return out;
  }

  /**
   * Adds a step's history entry, with its layer if it made one, made under cache key {@code key}.
   */
  void record(StepOutcome outcome, String createdBy, String key) {
    historyKeys.add(key);
    Instant created = outcome.created();
    if (outcome.layer().isPresent()) {
      StepOutcome.Layer layer = outcome.layer().get();
      image = image.withLayer(layer.diffId(), history(created, createdBy, false));
      layers.add(layer.blob());
      chain = outcome.chain();
    } else {
      image = image.withEmptyLayerHistory(history(created, createdBy, true));
    }
  }

  /** Adds the history entry of a step that only changed the config. */
  void recordMetadata(Instant created, String createdBy) {
    historyKeys.add("");
    image = image.withEmptyLayerHistory(history(created, createdBy, true));
  }

  private static ImageConfig.History history(Instant created, String createdBy, boolean empty) {
    return new ImageConfig.History(
        Optional.of(created), createdBy, "", "buildkit.dockerfile.v0", empty);
  }
}
