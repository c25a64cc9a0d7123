package io.berth.build.engine;

import io.berth.dockerfile.Instruction;
import io.berth.dockerfile.MountSpec;
import io.berth.errors.BerthException;
import io.berth.runtime.RuntimeSpec;
import io.berth.runtime.RuntimeSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code RUN --mount}s of one step: cache directories kept under {@code <root>/cache-mounts},
 * read-only binds of the context or of a stage or image, tmpfs, and secrets from the request;
 * {@code ssh} is not implemented. Their identity (not a secret's value) is part of the cache key.
 */
final class RunMounts implements AutoCloseable {

  private static final Map<String, ReentrantLock> CACHE_LOCKS = new ConcurrentHashMap<>();

  private final BuildRun run;
  private final StageBuilder stage;
  private final Instruction.Run instruction;
  private final List<MountSpec> specs;
  private final List<SourceRoot> roots = new ArrayList<>();
  private final List<ReentrantLock> locks = new ArrayList<>();

  RunMounts(BuildRun run, StageBuilder stage, Instruction.Run instruction) {
    this.run = run;
    this.stage = stage;
    this.instruction = instruction;
    this.specs = instruction.flags().mounts();
    for (MountSpec m : specs) {
      if (m.type() == MountSpec.Type.SSH) {
        throw BerthException.notImplemented("RUN --mount=type=ssh");
      }
      if (m.type() == MountSpec.Type.BIND && !m.readOnly()) {
        // TODO(#4): a read-write bind needs a throw-away overlay over its source.
        throw BerthException.notImplemented("RUN --mount=type=bind,rw");
      }
    }
  }

  private String expand(Optional<String> value, String otherwise) {
    return value
        .map(v -> stage.configSteps().expand(v, stage.state(), instruction))
        .orElse(otherwise);
  }

  private String target(MountSpec m) {
    String t = expand(m.target(), "");
    if (t.isEmpty() && m.type() == MountSpec.Type.SECRET) {
      return "/run/secrets/" + secretId(m);
    }
    String cwd = stage.state().config().workingDir();
    return t.startsWith("/")
        ? t
        : "/" + RootedPath.cleanRelative((cwd.isEmpty() ? "/" : cwd) + "/" + t);
  }

  private String secretId(MountSpec m) {
    String id = expand(m.id(), "");
    if (!id.isEmpty()) {
      return id;
    }
    List<String> parts = RootedPath.clean(expand(m.target(), ""));
    return parts.isEmpty() ? "" : parts.getLast();
  }

  private String cacheId(MountSpec m) {
    return expand(m.id(), target(m));
  }

  /** What of the mounts goes into the cache key. */
  List<String> cacheIdentity() {
    List<String> out = new ArrayList<>();
    for (MountSpec m : specs) {
      String target = target(m);
      out.add(
          switch (m.type()) {
            case BIND -> "bind " + target + " " + bindIdentity(m);
            case CACHE -> "cache " + target + " " + cacheId(m);
            case TMPFS -> "tmpfs " + target + " " + expand(m.size(), "");
            case SECRET -> "secret " + target + " " + secretId(m) + " " + expand(m.env(), "");
            case SSH -> "ssh";
          });
    }
    return out;
  }

  private String bindIdentity(MountSpec m) {
    String source = expand(m.source(), "");
    if (m.from().isPresent()) {
      String from = expand(m.from(), "");
      Optional<Integer> stageRef =
          BuildPlan.stageRef(from, run.plan.stages(), run.plan.stages().size());
      String id =
          stageRef.isPresent()
              ? run.stage(stageRef.get()).cacheKey()
              : run.service.images().resolve(from).id().toString();
      return from + "=" + id + ":" + source;
    }
    try {
      Path path = RootedPath.resolve(run.context, source, true);
      if (!Files.exists(path)) {
        throw BerthException.notFound(
            "RUN --mount=type=bind: %s is not in the build context",
            source.isEmpty() ? "." : source);
      }
      return TreeDigest.of(run.contextHashes, path, RootedPath.cleanRelative(source)).toString();
    } catch (IOException e) {
      throw BerthException.internal("reading the bind mount source " + source, e);
    }
  }

  /** The mount points of the container, with their sources made ready under {@code bundle}. */
  List<RuntimeSpec.MountPoint> prepare(Path bundle, Path rootfs) throws IOException {
    List<RuntimeSpec.MountPoint> points = new ArrayList<>();
    int n = 0;
    for (MountSpec m : specs) {
      String target = target(m);
      switch (m.type()) {
        case BIND -> points.add(RuntimeSpecs.bind(bindSource(m).toString(), target, true));
        case CACHE -> points.add(RuntimeSpecs.bind(cacheDir(m).toString(), target, false));
        case TMPFS -> {
          List<String> opts = new ArrayList<>();
          String size = expand(m.size(), "");
          if (!size.isEmpty()) {
            opts.add("size=" + size);
          }
          points.add(
              new RuntimeSpec.MountPoint(
                  target, "tmpfs", "tmpfs", withAll(List.of("nosuid", "nodev"), opts)));
        }
        case SECRET -> secret(m, bundle.resolve("secret-" + n++), target).ifPresent(points::add);
        case SSH -> throw BerthException.notImplemented("RUN --mount=type=ssh");
      }
    }
    return points;
  }

  private static List<String> withAll(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private Path bindSource(MountSpec m) {
    String source = expand(m.source(), "");
    SourceRoot root =
        m.from().isPresent() ? SourceRoot.from(run, expand(m.from(), "")) : SourceRoot.context(run);
    if (m.from().isPresent()) {
      roots.add(root);
    }
    Path path = RootedPath.resolve(root.path(), source, true);
    if (!Files.exists(path)) {
      throw BerthException.notFound(
          "RUN --mount=type=bind: source %s not found", source.isEmpty() ? "/" : source);
    }
    return path;
  }

  private Path cacheDir(MountSpec m) throws IOException {
    String id = cacheId(m);
    Path dir = run.service.root().resolve("cache-mounts").resolve(Keys.of(id).substring(7, 39));
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      FileOps.chmod(dir, Integer.parseInt(expand(m.mode(), "755"), 8));
      FileOps.chown(
          dir, Integer.parseInt(expand(m.uid(), "0")), Integer.parseInt(expand(m.gid(), "0")));
    }
    if (m.sharing().orElse(MountSpec.Sharing.SHARED) != MountSpec.Sharing.SHARED) {
      // TODO(#4): sharing=private should hand a second user a fresh directory; both lock here.
      locks.add(CACHE_LOCKS.computeIfAbsent(id, k -> new ReentrantLock()));
    }
    return dir;
  }

  private Optional<RuntimeSpec.MountPoint> secret(MountSpec m, Path file, String target)
      throws IOException {
    String id = secretId(m);
    byte[] value = run.request.secrets().get(id);
    if (value == null) {
      if (m.required()) {
        throw BerthException.invalid(
            "RUN --mount=type=secret,id=%s: no secret %s was given to the build (--secret id=%s)",
            id, id, id);
      }
      return Optional.empty();
    }
    if (m.env().isPresent()) {
      // TODO(#4): env= secrets go into the environment of the step; only files are mounted now.
      throw BerthException.notImplemented("RUN --mount=type=secret,env=");
    }
    Files.write(file, value);
    FileOps.chmod(file, Integer.parseInt(expand(m.mode(), "400"), 8));
    FileOps.chown(
        file, Integer.parseInt(expand(m.uid(), "0")), Integer.parseInt(expand(m.gid(), "0")));
    return Optional.of(RuntimeSpecs.bind(file.toString(), target, true));
  }

  /** Holds the locks of the cache mounts shared as {@code locked} for the step's run. */
  Held lock() {
    locks.forEach(ReentrantLock::lock);
    return () -> locks.forEach(ReentrantLock::unlock);
  }

  /** A scope whose close throws nothing. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public void close() {
    for (SourceRoot root : roots) {
      root.close();
    }
    roots.clear();
  }
}
