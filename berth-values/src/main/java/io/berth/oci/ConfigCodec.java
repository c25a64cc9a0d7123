package io.berth.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.time.Duration;
import java.util.Set;

/** Image configs to and from JSON trees, in the field order of the OCI and Docker Go structs. */
final class ConfigCodec {
  private static final Set<String> IMAGE_FIELDS =
      Set.of(
          "created",
          "author",
          "architecture",
          "os",
          "variant",
          "os.version",
          "os.features",
          "config",
          "rootfs",
          "history");
  private static final Set<String> RUN_FIELDS =
      Set.of(
          "User",
          "ExposedPorts",
          "Env",
          "Entrypoint",
          "Cmd",
          "Volumes",
          "WorkingDir",
          "Labels",
          "StopSignal",
          "ArgsEscaped",
          "Healthcheck",
          "OnBuild",
          "Shell",
          "StopTimeout");

  private ConfigCodec() {}

  static ImageConfig read(JsonIn in) {
    in.requireObject();
    String architecture = in.string("architecture");
    String os = in.string("os");
    RunConfig config = in.opt("config", ConfigCodec::readRun).orElse(RunConfig.EMPTY);
    ImageConfig.RootFs rootfs = in.required("rootfs", ConfigCodec::readRootFs);
    try {
      return new ImageConfig(
          in.optTime("created"),
          in.stringOrEmpty("author"),
          architecture,
          os,
          in.optString("variant"),
          in.optString("os.version"),
          in.strings("os.features"),
          config,
          rootfs,
          in.list("history", ConfigCodec::readHistory),
          in.extra(IMAGE_FIELDS));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  static ObjectNode write(ImageConfig c) {
    ObjectNode o = JsonOut.object();
    c.created().ifPresent(t -> o.put("created", JsonOut.time(t)));
    JsonOut.putIfNotEmpty(o, "author", c.author());
    o.put("architecture", c.architecture());
    o.put("os", c.os());
    c.osVersion().ifPresent(v -> o.put("os.version", v));
    JsonOut.putIfNotEmpty(o, "os.features", c.osFeatures());
    c.variant().ifPresent(v -> o.put("variant", v));
    o.set("config", writeRun(c.config()));
    o.set("rootfs", writeRootFs(c.rootfs()));
    if (!c.history().isEmpty()) {
      ArrayNode history = o.putArray("history");
      c.history().forEach(h -> history.add(writeHistory(h)));
    }
    JsonOut.putExtra(o, c.extra());
    return o;
  }

  private static RunConfig readRun(JsonIn in) {
    in.requireObject();
    try {
      return new RunConfig(
          in.stringOrEmpty("User"),
          in.keySet("ExposedPorts"),
          in.strings("Env"),
          in.strings("Entrypoint"),
          in.strings("Cmd"),
          in.keySet("Volumes"),
          in.stringOrEmpty("WorkingDir"),
          in.stringMap("Labels"),
          in.stringOrEmpty("StopSignal"),
          in.bool("ArgsEscaped"),
          in.opt("Healthcheck", ConfigCodec::readHealth),
          in.strings("OnBuild"),
          in.strings("Shell"),
          in.opt("StopTimeout", f -> (int) f.asLong()),
          in.extra(RUN_FIELDS));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  private static ObjectNode writeRun(RunConfig r) {
    ObjectNode o = JsonOut.object();
    JsonOut.putIfNotEmpty(o, "User", r.user());
    if (!r.exposedPorts().isEmpty()) {
      o.set("ExposedPorts", JsonOut.keySet(r.exposedPorts()));
    }
    JsonOut.putIfNotEmpty(o, "Env", r.env());
    JsonOut.putIfNotEmpty(o, "Entrypoint", r.entrypoint());
    JsonOut.putIfNotEmpty(o, "Cmd", r.cmd());
    if (!r.volumes().isEmpty()) {
      o.set("Volumes", JsonOut.keySet(r.volumes()));
    }
    JsonOut.putIfNotEmpty(o, "WorkingDir", r.workingDir());
    JsonOut.putIfNotEmpty(o, "Labels", r.labels());
    JsonOut.putIfNotEmpty(o, "StopSignal", r.stopSignal());
    if (r.argsEscaped()) {
      o.put("ArgsEscaped", true);
    }
    r.healthcheck().ifPresent(h -> o.set("Healthcheck", writeHealth(h)));
    JsonOut.putIfNotEmpty(o, "OnBuild", r.onBuild());
    JsonOut.putIfNotEmpty(o, "Shell", r.shell());
    r.stopTimeout().ifPresent(t -> o.put("StopTimeout", t));
    JsonOut.putExtra(o, r.extra());
    return o;
  }

  private static RunConfig.HealthConfig readHealth(JsonIn in) {
    in.requireObject();
    try {
      return new RunConfig.HealthConfig(
          in.strings("Test"),
          Duration.ofNanos(in.longOrZero("Interval")),
          Duration.ofNanos(in.longOrZero("Timeout")),
          Duration.ofNanos(in.longOrZero("StartPeriod")),
          Duration.ofNanos(in.longOrZero("StartInterval")),
          (int) in.longOrZero("Retries"));
    } catch (BerthException e) {
      throw in.wrap(e);
    }
  }

  private static ObjectNode writeHealth(RunConfig.HealthConfig h) {
    ObjectNode o = JsonOut.object();
    JsonOut.putIfNotEmpty(o, "Test", h.test());
    putNanos(o, "Interval", h.interval());
    putNanos(o, "Timeout", h.timeout());
    putNanos(o, "StartPeriod", h.startPeriod());
    putNanos(o, "StartInterval", h.startInterval());
    if (h.retries() != 0) {
      o.put("Retries", h.retries());
    }
    return o;
  }

  private static void putNanos(ObjectNode o, String name, Duration d) {
    if (!d.isZero()) {
      o.put(name, d.toNanos());
    }
  }

  private static ImageConfig.RootFs readRootFs(JsonIn in) {
    in.requireObject();
    String type = in.string("type");
    if (!type.equals(ImageConfig.RootFs.TYPE)) {
      throw in.field("type").error("expected \"layers\", got \"%s\"", type);
    }
    return new ImageConfig.RootFs(in.list("diff_ids", f -> f.as(DiffId::parse)));
  }

  private static ObjectNode writeRootFs(ImageConfig.RootFs rootfs) {
    ObjectNode o = JsonOut.object();
    o.put("type", ImageConfig.RootFs.TYPE);
    ArrayNode ids = o.putArray("diff_ids");
    rootfs.diffIds().forEach(id -> ids.add(id.toString()));
    return o;
  }

  private static ImageConfig.History readHistory(JsonIn in) {
    in.requireObject();
    return new ImageConfig.History(
        in.optTime("created"),
        in.stringOrEmpty("created_by"),
        in.stringOrEmpty("author"),
        in.stringOrEmpty("comment"),
        in.bool("empty_layer"));
  }

  private static ObjectNode writeHistory(ImageConfig.History h) {
    ObjectNode o = JsonOut.object();
    h.created().ifPresent(t -> o.put("created", JsonOut.time(t)));
    JsonOut.putIfNotEmpty(o, "created_by", h.createdBy());
    JsonOut.putIfNotEmpty(o, "author", h.author());
    JsonOut.putIfNotEmpty(o, "comment", h.comment());
    if (h.emptyLayer()) {
      o.put("empty_layer", true);
    }
    return o;
  }
}
