package io.berth.oci;

import io.berth.errors.BerthException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image configuration (config.md) with the fields Docker adds and keeps; fields this model does
 * not know are kept verbatim in {@code extra} (name to compact JSON text). An image's ID is the
 * digest of its stored config bytes, so a config berth did not write is never re-serialised.
 */
public record ImageConfig(
    Optional<Instant> created,
    String author,
    String architecture,
    String os,
    Optional<String> variant,
    Optional<String> osVersion,
    List<String> osFeatures,
    RunConfig config,
    RootFs rootfs,
    List<History> history,
    Map<String, String> extra)
    implements OciDocument {

  public ImageConfig {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(osVersion, "osVersion");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(rootfs, "rootfs");
    requireText("architecture", architecture);
    requireText("os", os);
    osFeatures = List.copyOf(osFeatures);
    history = List.copyOf(history);
    extra = Collections2.sortedCopy(extra);
    long nonEmpty = history.stream().filter(h -> !h.emptyLayer()).count();
    if (!history.isEmpty() && nonEmpty != rootfs.diffIds().size()) {
      throw BerthException.invalid(
          "invalid image config: history has %d non-empty layers but rootfs has %d diff IDs",
          nonEmpty, rootfs.diffIds().size());
    }
  }

  /** An empty config for {@code platform}, as {@code FROM scratch} starts. */
  public static ImageConfig empty(Platform platform) {
    return new ImageConfig(
        Optional.empty(),
        "",
        platform.architecture(),
        platform.os(),
        platform.variant(),
        platform.osVersion(),
        platform.osFeatures(),
        RunConfig.EMPTY,
        new RootFs(List.of()),
        List.of(),
        Map.of());
  }

  /** The platform this config declares. */
  public Platform platform() {
    return new Platform(os, architecture, variant, osVersion, osFeatures);
  }

  /** This config with {@code value} as its run config. */
  public ImageConfig withConfig(RunConfig value) {
    return new ImageConfig(
        created,
        author,
        architecture,
        os,
        variant,
        osVersion,
        osFeatures,
        value,
        rootfs,
        history,
        extra);
  }

  /** This config with {@code value} as its creation time. */
  public ImageConfig withCreated(Instant value) {
    return new ImageConfig(
        Optional.of(value),
        author,
        architecture,
        os,
        variant,
        osVersion,
        osFeatures,
        config,
        rootfs,
        history,
        extra);
  }

  /** This config with one more layer on top and the history entry that made it. */
  public ImageConfig withLayer(DiffId diffId, History entry) {
    if (entry.emptyLayer()) {
      throw BerthException.invalid("a history entry for a new layer cannot be empty_layer");
    }
    List<DiffId> ids = new ArrayList<>(rootfs.diffIds());
    ids.add(diffId);
    return withRootFsAndHistory(new RootFs(ids), appended(entry));
  }

  /** This config with one more history entry that made no layer (ENV, CMD, …). */
  public ImageConfig withEmptyLayerHistory(History entry) {
    if (!entry.emptyLayer()) {
      throw BerthException.invalid("a history entry without a layer must be empty_layer");
    }
    return withRootFsAndHistory(rootfs, appended(entry));
  }

  private List<History> appended(History entry) {
    List<History> all = new ArrayList<>(history);
    all.add(entry);
    return all;
  }

  private ImageConfig withRootFsAndHistory(RootFs newRootfs, List<History> newHistory) {
    return new ImageConfig(
        created,
        author,
        architecture,
        os,
        variant,
        osVersion,
        osFeatures,
        config,
        newRootfs,
        newHistory,
        extra);
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw BerthException.invalid("invalid image config: %s is required", field);
    }
  }

  /** The layers of an image config: always type {@code layers}, diff IDs bottom first. */
  public record RootFs(List<DiffId> diffIds) {
    public static final String TYPE = "layers";

    public RootFs {
      diffIds = List.copyOf(diffIds);
    }
  }

  /** One step of an image's history; {@code emptyLayer} when the step made no layer. */
  public record History(
      Optional<Instant> created,
      String createdBy,
      String author,
      String comment,
      boolean emptyLayer) {

    public History {
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(createdBy, "createdBy");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(comment, "comment");
    }

    /** A history entry as a build step writes it. */
    public static History of(Instant created, String createdBy, boolean emptyLayer) {
      return new History(Optional.of(created), createdBy, "", "", emptyLayer);
    }
  }
}
