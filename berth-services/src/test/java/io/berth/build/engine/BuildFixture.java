package io.berth.build.engine;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import io.berth.build.BuildRequest;
import io.berth.build.BuildResult;
import io.berth.content.ContentStore;
import io.berth.content.lazy.LazyContentStore;
import io.berth.content.local.LocalContentStore;
import io.berth.event.Event;
import io.berth.image.Image;
import io.berth.image.ImageEvents;
import io.berth.image.NewImage;
import io.berth.image.local.LocalImageService;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.sqlite.SqliteMetadataStore;
import io.berth.mount.MountManager;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageReference;
import io.berth.oci.MediaType;
import io.berth.oci.Platform;
import io.berth.oci.RunConfig;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.runc.RuncRuntime;
import io.berth.snapshot.overlay.OverlaySnapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A fresh store with a busybox base image, and a build service over it. */
final class BuildFixture implements AutoCloseable {

  private static final List<String> APPLETS =
      List.of(
          "sh",
          "echo",
          "cat",
          "ls",
          "mkdir",
          "touch",
          "rm",
          "test",
          "id",
          "stat",
          "printf",
          "wc",
          "true",
          "false",
          "env",
          "pwd",
          "hostname",
          "sleep",
          "ln",
          "chmod",
          "readlink");

  final Path root;
  final ContentStore content;
  final OverlaySnapshotter snapshots;
  final MetadataStore metadata;
  final LocalImageService images;
  final LocalBuildService builds;

  BuildFixture(Path root) throws IOException {
    this.root = root;
    snapshots = new OverlaySnapshotter(root.resolve("snapshots"));
    content = new LazyContentStore(new LocalContentStore(root.resolve("blobs")), snapshots);
    metadata = SqliteMetadataStore.open(root.resolve("metadata"));
    images =
        new LocalImageService(content, snapshots, metadata, ImageEvents.NONE, Clock.systemUTC());
    var runtime =
        new RuncRuntime(
            Path.of("/usr/sbin/runc"),
            Files.createDirectories(root.resolve("runc")),
            CgroupDriver.CGROUPFS);
    builds =
        new LocalBuildService(
            images,
            content,
            snapshots,
            metadata,
            runtime,
            CgroupDriver.CGROUPFS,
            root.resolve("build"),
            Clock.systemUTC());
    createBusybox();
  }

  private void createBusybox() throws IOException {
    Path rootfs = Files.createDirectories(root.resolve("busybox-rootfs"));
    for (String dir : List.of("bin", "etc", "tmp", "proc", "sys", "dev", "home/app", "root")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Files.copy(
        Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(
        rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:app\napp:x:1000:\n");
    Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("/"));
    Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../.."));
    LayerBlob blob;
    try (ContentStore.Writer writer = content.writer()) {
      blob =
          new LayerWriter(
                  LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.ROOTFS)
                      .withSourceDateEpoch(0))
              .write(rootfs, writer.outputStream());
      writer.commit(blob.size(), blob.digest());
    }
    ImageConfig empty = ImageConfig.empty(Platform.current());
    RunConfig.Builder b = empty.config().toBuilder();
    b.env = List.of("PATH=/bin");
    b.cmd = List.of("sh");
    ImageConfig config =
        empty
            .withConfig(b.build())
            .withCreated(Instant.EPOCH)
            .withLayer(
                blob.diffId(), ImageConfig.History.of(Instant.EPOCH, "busybox rootfs", false));
    images.create(
        new NewImage(
            config,
            List.of(Descriptor.of(MediaType.parse(blob.mediaType()), blob.digest(), blob.size())),
            List.of(ImageReference.parse("busybox:test"))));
  }

  /** A build of {@code context} and what it reported. */
  record Built(BuildResult result, List<Event> events) {
    List<String> misses() {
      return events.stream()
          .filter(e -> e instanceof Event.StepCacheMiss)
          .map(e -> ((Event.StepCacheMiss) e).reason())
          .toList();
    }

    long cached() {
      return events.stream().filter(e -> e instanceof Event.StepCached).count();
    }

    String output() {
      StringBuilder b = new StringBuilder();
      for (Event e : events) {
        if (e instanceof Event.Output o) {
          b.append(new String(o.bytes()));
        }
      }
      return b.toString();
    }
  }

  Built build(Path context, Function<Options, Options> options) {
    Options o = options.apply(new Options());
    List<Event> events = new CopyOnWriteArrayList<>();
    BuildRequest request =
        new BuildRequest(
            context,
            "Dockerfile",
            Optional.empty(),
            o.args,
            o.target,
            o.tags.stream().map(ImageReference::parse).toList(),
            Map.of(),
            o.noCache,
            o.cacheFrom,
            o.epoch,
            Optional.empty(),
            "default",
            o.secrets,
            o.ignore,
            Map.of(),
            o.remote);
    return new Built(builds.build(request, events::add), events);
  }

  /** Options of a test build. */
  static final class Options {
    Map<String, String> args = new HashMap<>();
    Optional<String> target = Optional.empty();
    List<String> tags = new ArrayList<>();
    boolean noCache;
    Optional<Long> epoch = Optional.empty();
    Map<String, byte[]> secrets = new HashMap<>();
    List<String> cacheFrom = new ArrayList<>();
    Optional<String> remote = Optional.empty();
    io.berth.dockerfile.DockerIgnore ignore = io.berth.dockerfile.DockerIgnore.EMPTY;

    Options arg(String k, String v) {
      args.put(k, v);
      return this;
    }

    Options tag(String t) {
      tags.add(t);
      return this;
    }
  }

  Image image(String nameOrId) {
    return images.resolve(nameOrId);
  }

  /** Runs {@code check} on a read-only view of image {@code nameOrId}'s root file system. */
  <T> T inImage(String nameOrId, Function<Path, T> check) throws IOException {
    Image image = images.resolve(nameOrId);
    var chain = images.unpack(image, e -> {});
    Path target = Files.createDirectories(root.resolve("check-" + UUID.randomUUID()));
    if (chain.isEmpty()) {
      return check.apply(target);
    }
    String key = "check-" + UUID.randomUUID();
    var mounts = snapshots.view(key, Optional.of(chain.get().toString()), Map.of());
    MountManager.mountAll(mounts, target);
    try {
      return check.apply(target);
    } finally {
      MountManager.unmount(target);
      snapshots.remove(key);
    }
  }

  /** Forgets every build cache record, as a fresh machine would have none. */
  void forgetBuildCache() {
    metadata.write(tx -> tx.buildCache().deleteUnusedSince(Instant.now().plusSeconds(3600)));
  }

  @Override
  public void close() {
    snapshots.close();
    metadata.close();
  }
}
