package io.berth.build.engine;

import io.berth.build.BuildRequest;
import io.berth.build.BuildResult;
import io.berth.build.BuildService;
import io.berth.content.ContentStore;
import io.berth.dockerfile.Dockerfile;
import io.berth.dockerfile.DockerfileParser;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.image.NewImage;
import io.berth.metadata.MetadataStore;
import io.berth.oci.ImageConfig;
import io.berth.oci.Platform;
import io.berth.oci.RunConfig;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.OciRuntime;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The build engine: parses the Dockerfile, plans its stages, runs the ones the target needs (RUN in
 * runc containers over overlay snapshots, COPY and ADD written by the engine itself), answers
 * unchanged steps from the build cache, and stores the result through the image service, tagging it
 * only once every step has succeeded.
 *
 * <p>Keeps its working files under {@code root} (the daemon's {@code <root>/build}): {@code work/}
 * for bundles and mount points of running steps, {@code cache-mounts/} for {@code RUN
 * --mount=type=cache}, {@code context-cache/} for the digests of context files. Thread-safe: builds
 * may run at once and share layers.
 */
public final class LocalBuildService implements BuildService {
  private final ImageService images;
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final OciRuntime runtime;
  private final CgroupDriver cgroups;
  private final Path root;
  private final Clock clock;
  private final StepCache cache;

  public LocalBuildService(
      ImageService images,
      ContentStore content,
      Snapshotter snapshots,
      MetadataStore metadata,
      OciRuntime runtime,
      CgroupDriver cgroups,
      Path root,
      Clock clock) {
    this.images = Objects.requireNonNull(images, "images");
    this.content = Objects.requireNonNull(content, "content");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
    this.root = Objects.requireNonNull(root, "root");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new StepCache(metadata, snapshots, content, clock);
  }

  @Override
  public BuildResult build(BuildRequest request, EventSink events) {
    byte[] bytes = dockerfileBytes(request);
    Dockerfile dockerfile = DockerfileParser.parse(request.dockerfile(), bytes);
    Platform platform = request.platform().orElseGet(Platform::current);
    BuildArgs args = new BuildArgs(request.buildArgs(), platform, Platform.current());
    BuildRun run = new BuildRun(this, request, events, dockerfile, bytes, args, platform);
    for (String unused : args.unused()) {
      events.accept(new Event.Warning("One or more build-args [" + unused + "] were not consumed"));
    }
    if (!request.cacheFrom().isEmpty()) {
      // TODO(#4): --cache-from images could answer steps from their history and layers.
      events.accept(
          new Event.Warning(
              "--cache-from is not implemented by berth; building with the local cache only"));
    }
    StageResult result = run.execute();
    if (Thread.currentThread().isInterrupted()) {
      throw BuildRun.interrupted();
    }
    ImageConfig config = finish(result, request);
    Image image = images.create(new NewImage(config, result.layers(), request.tags()));
    return new BuildResult(image.id(), request.tags(), run.steps.get(), run.cachedSteps.get());
  }

  /** The target stage's config with the {@code --label}s and the time of its last step. */
  private static ImageConfig finish(StageResult result, BuildRequest request) {
    ImageConfig image = result.image();
    if (!request.labels().isEmpty()) {
      Map<String, String> labels = new LinkedHashMap<>(image.config().labels());
      labels.putAll(request.labels());
      RunConfig.Builder b = image.config().toBuilder();
      b.labels = labels;
      image = image.withConfig(b.build());
    }
    return image.withCreated(result.lastCreated());
  }

  private static byte[] dockerfileBytes(BuildRequest request) {
    if (request.dockerfileText().isPresent()) {
      return request.dockerfileText().get();
    }
    try {
      Path context = request.context().toRealPath();
      Path file = RootedPath.resolve(context, request.dockerfile(), true);
      if (!Files.isRegularFile(file)) {
        throw BerthException.invalid(
            "failed to read the Dockerfile: %s is not a file in the build context",
            request.dockerfile());
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw BerthException.invalid(
          "failed to read the Dockerfile %s: %s", request.dockerfile(), e.getMessage());
    }
  }

  ImageService images() {
    return images;
  }

  ContentStore content() {
    return content;
  }

  Snapshotter snapshots() {
    return snapshots;
  }

  OciRuntime runtime() {
    return runtime;
  }

  CgroupDriver cgroups() {
    return cgroups;
  }

  Path root() {
    return root;
  }

  Clock clock() {
    return clock;
  }

  StepCache stepCache() {
    return cache;
  }
}
