package io.berth.build.engine;

import io.berth.image.Image;
import io.berth.mount.MountManager;
import io.berth.oci.ChainId;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the sources of a COPY or a bind mount are read from: the build context, or a read-only view
 * of an earlier stage or of an image, with the identity that goes into the cache key in place of
 * file digests for the latter two (a stage's last cache key, an image's ID).
 */
final class SourceRoot implements AutoCloseable {
  private final Path path;
  private final Optional<String> identity;
  private final Runnable release;
  private final ContextFilter filter;

  private SourceRoot(Path path, Optional<String> identity, Runnable release, ContextFilter filter) {
    this.path = path;
    this.identity = identity;
    this.release = release;
    this.filter = filter;
  }

  private SourceRoot(Path path, Optional<String> identity, Runnable release) {
    this(path, identity, release, ContextFilter.NONE);
  }

  /** What of the root a build may not see: the ignored paths of a context read in place. */
  ContextFilter filter() {
    return filter;
  }

  /** Whether {@code p}, a path under the root, is to be skipped. */
  boolean prunes(Path p) {
    if (filter.isEmpty() || !p.startsWith(path)) {
      return false;
    }
    return filter.prunes(path.relativize(p).toString(), Files.isDirectory(p));
  }

  /** The root directory to resolve sources in. */
  Path path() {
    return path;
  }

  /** Empty for the context (whose files are hashed), else the stage's key or the image's ID. */
  Optional<String> identity() {
    return identity;
  }

  static SourceRoot context(BuildRun run) {
    return new SourceRoot(run.context, Optional.empty(), () -> {}, run.contextFilter);
  }

  /** The stage or image {@code from} names, as {@code --from} resolves it. */
  static SourceRoot from(BuildRun run, String from) {
    Optional<Integer> stage = BuildPlan.stageRef(from, run.plan.stages(), run.plan.stages().size());
    if (stage.isPresent() && run.plan.needed().contains(stage.get())) {
      StageResult result = run.stage(stage.get());
      return view(run, result.chain(), "stage:" + result.cacheKey());
    }
    Image image = run.service.images().resolve(from);
    Optional<ChainId> chain = run.service.images().unpack(image, run.events);
    return view(run, chain, "image:" + image.id());
  }

  /** A read-only view of {@code chain} (an empty directory for none). */
  static SourceRoot view(BuildRun run, Optional<ChainId> chain, String identity) {
    Snapshotter snapshots = run.service.snapshots();
    String key = "build-view-" + UUID.randomUUID();
    Path target;
    try {
      target = Files.createDirectories(run.work.resolve("view-" + key));
    } catch (IOException e) {
      throw io.berth.errors.BerthException.internal("creating a view under " + run.work, e);
    }
    if (chain.isEmpty()) {
      return new SourceRoot(target, Optional.of(identity), () -> FileOps.deleteTree(target));
    }
    var mounts = snapshots.view(key, Optional.of(chain.get().toString()), Map.of());
    try {
      MountManager.mountAll(mounts, target);
    } catch (RuntimeException e) {
      snapshots.remove(key);
      FileOps.deleteTree(target);
      throw e;
    }
    return new SourceRoot(
        target,
        Optional.of(identity),
        () -> {
          MountManager.unmount(target);
          snapshots.remove(key);
          FileOps.deleteTree(target);
        });
  }

  @Override
  public void close() {
    release.run();
  }
}
