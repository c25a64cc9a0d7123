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
import java.util.Optional;

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

  /**
   * The context digests of the directories built from lately, kept between builds so that a rebuild
   * of a context read in place does not parse its file again; a few, most recent last.
   */
  private final Map<Path, ContextHashCache> contextHashes =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, ContextHashCache> eldest) {
          return size() > 8;
        }
      };

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
    if (request.remoteContext().isEmpty()) {
      return buildFrom(request, events);
    }
    Path dir = root.resolve("contexts").resolve("remote-" + java.util.UUID.randomUUID());
    try {
      Path context = RemoteContext.fetch(request.remoteContext().get(), dir, request.dockerfile());
      return buildFrom(request.withContext(context), events);
    } finally {
      FileOps.deleteTree(dir);
    }
  }

  private BuildResult buildFrom(BuildRequest request, EventSink events) {
    byte[] bytes = dockerfileBytes(request);
    Dockerfile dockerfile = DockerfileParser.parse(request.dockerfile(), bytes);
    Platform platform = request.platform().orElseGet(Platform::current);
    BuildArgs args = new BuildArgs(request.buildArgs(), platform, Platform.current());
    BuildRun run = new BuildRun(this, request, events, dockerfile, bytes, args, platform);
    for (String unused : args.unused()) {
      events.accept(new Event.Warning("One or more build-args [" + unused + "] were not consumed"));
    }
    StageResult result = run.execute();
    if (Thread.currentThread().isInterrupted()) {
      throw BuildRun.interrupted();
    }
    ImageConfig config =
        InlineCache.withKeys(
            finish(result, request),
            args.inlineCache() ? Optional.of(result.historyKeys()) : Optional.empty());
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

  /**
   * The digests remembered for context directory {@code context}: the same instance for builds of
   * the same directory (it is thread-safe), read from {@code context-cache/} the first time.
   */
  ContextHashCache contextHashes(Path context, Map<String, String> known) {
    if (context.startsWith(root.resolve("contexts")) || context.startsWith(realContexts())) {
      // unpacked from a tar for this build only, and deleted after it: nothing to remember
      return ContextHashCache.transientCache(clock, known);
    }
    synchronized (contextHashes) {
      return contextHashes.computeIfAbsent(
          context, c -> ContextHashCache.open(root.resolve("context-cache"), c, clock));
    }
  }

  private Path realContexts() {
    try {
      return root.resolve("contexts").toRealPath();
    } catch (IOException e) {
      return root.resolve("contexts");
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
