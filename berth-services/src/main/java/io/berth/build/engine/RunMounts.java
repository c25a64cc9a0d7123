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
 * binds of the context or of a stage or image (read-write ones over a throw-away overlay), tmpfs,
 * and secrets from the request (as files, or as environment variables with {@code env=}); {@code
 * ssh} is not implemented. Their identity (not a secret's value) is part of the cache key.
 */
final class RunMounts implements AutoCloseable {

  private static final Map<String, ReentrantLock> CACHE_LOCKS = new ConcurrentHashMap<>();

  private final BuildRun run;
  private final StageBuilder stage;
  private final Instruction.Run instruction;
  private final List<MountSpec> specs;
  private final List<SourceRoot> roots = new ArrayList<>();
  private final List<ReentrantLock> locks = new ArrayList<>();
  private final List<ReentrantLock> held = new ArrayList<>();
  private final List<Path> overlays = new ArrayList<>();
  private final List<Path> copies = new ArrayList<>();
  private final Map<String, String> secretEnv = new java.util.LinkedHashMap<>();

  RunMounts(BuildRun run, StageBuilder stage, Instruction.Run instruction) {
    this.run = run;
    this.stage = stage;
    this.instruction = instruction;
    this.specs = instruction.flags().mounts();
    for (MountSpec m : specs) {
      if (m.type() == MountSpec.Type.SSH) {
        throw BerthException.notImplemented("RUN --mount=type=ssh");
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
            case BIND -> "bind " + target + (m.readOnly() ? " " : " rw ") + bindIdentity(m);
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
      return TreeDigest.of(
              run.contextHashes, path, run.context.relativize(path).toString(), run.contextFilter)
          .toString();
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
        case BIND -> {
          Path source = bindSource(m);
          if (!m.readOnly()) {
            source = writableCopy(source, bundle.resolve("bind-" + n++));
          }
          points.add(RuntimeSpecs.bind(source.toString(), target, m.readOnly()));
        }
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
    if (!Files.exists(path) || root.prunes(path)) {
      throw BerthException.notFound(
          "RUN --mount=type=bind: source %s not found", source.isEmpty() ? "/" : source);
    }
    if (!root.filter().isEmpty() && Files.isDirectory(path)) {
      return filteredCopy(root, path);
    }
    return path;
  }

  /**
   * A copy of context directory {@code dir} without what the ignore file leaves out, for a context
   * read in place: a bind of the directory itself would show the ignored files.
   */
  private Path filteredCopy(SourceRoot root, Path dir) {
    Path copy = run.work.resolve("bind-" + java.util.UUID.randomUUID());
    try {
      copyVisible(root, dir, copy);
    } catch (IOException e) {
      throw BerthException.internal("copying the bind mount source " + dir + ": " + e, e);
    }
    copies.add(copy);
    return copy;
  }

  private static void copyVisible(SourceRoot root, Path from, Path to) throws IOException {
    if (Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(to);
      for (String child : TreeDigest.children(from)) {
        Path c = from.resolve(child);
        if (!root.prunes(c)) {
          copyVisible(root, c, to.resolve(child));
        }
      }
      FileOps.chmod(to, FileOps.mode(from));
    } else if (Files.isSymbolicLink(from)) {
      Files.createSymbolicLink(to, Files.readSymbolicLink(from));
    } else if (Files.isRegularFile(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  /**
   * A read-write view of {@code source} whose writes are thrown away with the step, as BuildKit's
   * {@code rw} binds: an overlay with the source as its lower directory (a single file is copied
   * instead), under {@code scratch}.
   */
  private Path writableCopy(Path source, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    if (!Files.isDirectory(source)) {
      Path copy = scratch.resolve("file");
      Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      return copy;
    }
    Path upper = Files.createDirectories(scratch.resolve("upper"));
    Path workdir = Files.createDirectories(scratch.resolve("work"));
    Path merged = Files.createDirectories(scratch.resolve("merged"));
    io.berth.mount.MountManager.mountAll(
        List.of(
            new io.berth.mount.Mount(
                "overlay",
                "overlay",
                List.of("lowerdir=" + source, "upperdir=" + upper, "workdir=" + workdir))),
        merged);
    overlays.add(merged);
    return merged;
  }

  /**
   * The directory of a cache mount. {@code shared} hands every step the same one; {@code locked}
   * makes a second step wait for the first; {@code private} gives a second step running meanwhile a
   * directory of its own (kept for later steps like the first), as BuildKit does.
   */
  private Path cacheDir(MountSpec m) throws IOException {
    String id = cacheId(m);
    String base = Keys.of(id).substring(7, 39);
    MountSpec.Sharing sharing = m.sharing().orElse(MountSpec.Sharing.SHARED);
    String name = base;
    if (sharing == MountSpec.Sharing.LOCKED) {
      locks.add(CACHE_LOCKS.computeIfAbsent(name, k -> new ReentrantLock()));
    } else if (sharing == MountSpec.Sharing.PRIVATE) {
      for (int i = 0; ; i++) {
        name = i == 0 ? base : base + "-" + i;
        ReentrantLock lock = CACHE_LOCKS.computeIfAbsent(name, k -> new ReentrantLock());
        if (lock.tryLock()) {
          held.add(lock);
          break;
        }
      }
    }
    Path dir = run.service.root().resolve("cache-mounts").resolve(name);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      FileOps.chmod(dir, Integer.parseInt(expand(m.mode(), "755"), 8));
      FileOps.chown(
          dir, Integer.parseInt(expand(m.uid(), "0")), Integer.parseInt(expand(m.gid(), "0")));
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
      secretEnv.put(
          expand(m.env(), ""), new String(value, java.nio.charset.StandardCharsets.UTF_8));
      if (m.target().isEmpty()) {
        return Optional.empty(); // env= alone: no file, as BuildKit
      }
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

  /** The {@code type=secret,env=} values, for the step's environment only. */
  Map<String, String> secretEnv() {
    return secretEnv;
  }

  @Override
  public void close() {
    for (Path merged : overlays) {
      io.berth.mount.MountManager.unmount(merged);
    }
    overlays.clear();
    copies.forEach(FileOps::deleteTree);
    copies.clear();
    held.forEach(ReentrantLock::unlock);
    held.clear();
    for (SourceRoot root : roots) {
      root.close();
    }
    roots.clear();
  }
}
