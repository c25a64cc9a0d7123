package io.berth.build.engine;

import io.berth.dockerfile.CopyFlags;
import io.berth.dockerfile.DockerIgnore;
import io.berth.dockerfile.DockerfileException;
import io.berth.dockerfile.Heredoc;
import io.berth.dockerfile.Instruction;
import io.berth.errors.BerthException;
import io.berth.runtime.ResolvedUser;
import io.berth.runtime.UserResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * COPY and ADD, written by the engine itself into a mounted snapshot: sources confined to the
 * context (or to the stage or image of {@code --from}), directories' contents copied, globs,
 * several sources, the trailing-slash rules of the destination, {@code --chown} resolved in the
 * image's own passwd and group files, {@code --chmod}, {@code --exclude}, {@code --parents},
 * heredoc files, and ADD's unpacking of local tar archives. Every destination path is resolved
 * inside the image's root, symlinks included.
 */
final class CopyStep {

  /**
   * How this engine writes a copy, in every COPY and ADD cache key: raised when what a copy makes
   * changes (2: the destination directory no longer takes the source directory's mode), so that a
   * store built by an older berth does not answer with the layers the older rules made.
   */
  static final int WRITER_VERSION = 2;

  private final BuildRun run;
  private final StageBuilder stage;
  private final Instruction instruction;
  private final List<String> sources;
  private final String destination;
  private final CopyFlags flags;
  private final List<Heredoc> heredocs;
  private final boolean add;

  CopyStep(
      BuildRun run,
      StageBuilder stage,
      Instruction instruction,
      List<String> sources,
      String destination,
      CopyFlags flags,
      List<Heredoc> heredocs,
      boolean add) {
    this.run = run;
    this.stage = stage;
    this.instruction = instruction;
    this.sources = sources;
    this.destination = destination;
    this.flags = flags;
    this.heredocs = heredocs;
    this.add = add;
  }

  private String keyword() {
    return add ? "ADD" : "COPY";
  }

  private String expand(String word) {
    return stage.configSteps().expand(word, stage.state(), instruction);
  }

  private DockerfileException error(String message) {
    return new DockerfileException(instruction.range(), keyword() + " " + message);
  }

  void execute(String id, String raw) {
    List<String> srcs = new ArrayList<>();
    List<String> remote = new ArrayList<>();
    Map<String, String> heredocFiles = new TreeMap<>();
    for (String src : sources) {
      Optional<Heredoc> heredoc = heredocFor(src);
      if (heredoc.isPresent()) {
        Heredoc h = heredoc.get();
        heredocFiles.put(h.name(), h.expand() ? expand(h.content()) : h.content());
        srcs.add(src);
        continue;
      }
      String e = expand(src);
      if (checkRemote(e)) {
        remote.add(e);
      }
      srcs.add(e);
    }
    Optional<String> checksum = flags.checksum().map(this::expand);
    if (checksum.isPresent() && (remote.isEmpty() || remote.size() != srcs.size())) {
      throw error("--checksum applies only to a URL or git source, alone: " + checksum.get());
    }
    Path fetched = run.work.resolve("remote-" + java.util.UUID.randomUUID());
    try {
      execute(id, raw, srcs, remote, heredocFiles, checksum, fetched);
    } finally {
      FileOps.deleteTree(fetched);
    }
  }

  private void execute(
      String id,
      String raw,
      List<String> srcs,
      List<String> remote,
      Map<String, String> heredocFiles,
      Optional<String> checksum,
      Path fetched) {
    StageState s = stage.state();
    String dest = expand(destination);
    String workdir = s.config().workingDir().isEmpty() ? "/" : s.config().workingDir();
    boolean destIsDir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
    String destPath = RootedPath.cleanRelative(dest.startsWith("/") ? dest : workdir + "/" + dest);
    Optional<String> chown = flags.chown().map(this::expand);
    Optional<Chmod> chmod = flags.chmod().map(this::expand).map(m -> Chmod.parse(m, this::error));
    Optional<String> from = flags.from().map(this::expand);
    Predicate<String> excluded = excludes();
    try (SourceRoot root =
        from.isPresent() ? SourceRoot.from(run, from.get()) : SourceRoot.context(run)) {
      List<Selected> selected = new ArrayList<>();
      boolean wildcard = false;
      Map<String, String> remoteIds = new TreeMap<>();
      for (String src : srcs) {
        if (heredocFor(src).isPresent()) {
          continue;
        }
        if (remote.contains(src)) {
          Path dir = fetched.resolve(String.valueOf(remoteIds.size()));
          RemoteSource.Fetched f =
              RemoteSource.isGit(src)
                  ? RemoteSource.git(src, dir, flags.keepGitDir(), checksum)
                  : RemoteSource.download(src, dir, checksum);
          remoteIds.put(src, f.identity());
          selected.add(new Selected(f.path(), f.path().getFileName().toString(), f.directory()));
          continue;
        }
        wildcard |= Glob.hasMeta(src);
        selected.addAll(select(root, src));
      }
      int count = selected.size() + heredocFiles.size();
      if ((count > 1 || wildcard) && !destIsDir) {
        throw error(
            "with more than one source file, the destination must be a directory and end with"
                + " a /: "
                + dest);
      }
      Map<String, String> files = new TreeMap<>();
      files.putAll(remoteIds);
      if (root.identity().isEmpty()) {
        for (Selected sel : selected) {
          if (!sel.path().startsWith(root.path())) {
            continue; // fetched from a URL or a git repository: its identity is in the key
          }
          try {
            TreeDigest.add(
                run.contextHashes, sel.path(), sel.rel(), excluded, root.filter(), files);
          } catch (IOException e) {
            throw BerthException.internal("reading build context file " + sel.rel(), e);
          }
        }
      }
      String key =
          Keys.of(
              s.cacheKey,
              keyword(),
              WRITER_VERSION,
              srcs,
              destPath,
              destIsDir,
              chown,
              chmod.map(Chmod::text),
              flags.parents(),
              flags.excludes(),
              root.identity(),
              files,
              heredocFiles);
      String createdBy = keyword() + " " + String.join(" ", srcs) + " " + dest + " # buildkit";
      Target target =
          new Target(destPath, destIsDir || count > 1 || wildcard, chown, chmod, excluded);
      stage.filesystemStep(
          id,
          raw,
          key,
          Map.of("WORKDIR", workdir),
          files,
          createdBy,
          () -> write(root, selected, heredocFiles, target));
    }
  }

  private Optional<Heredoc> heredocFor(String src) {
    if (!src.startsWith("<<")) {
      return Optional.empty();
    }
    String name = src.substring(2).replaceFirst("^-", "").replaceAll("^[\"']|[\"']$", "");
    return heredocs.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** Whether {@code src} is a remote source, which only ADD takes. */
  private boolean checkRemote(String src) {
    boolean remote = RemoteSource.isUrl(src) || RemoteSource.isGit(src);
    if (remote && !add) {
      throw error("does not take URLs (" + src + "): use ADD for remote sources");
    }
    return remote;
  }

  private Predicate<String> excludes() {
    if (flags.excludes().isEmpty()) {
      return rel -> false;
    }
    List<String> patterns = flags.excludes().stream().map(this::expand).toList();
    DockerIgnore ignore = DockerIgnore.parse("--exclude", patterns);
    return ignore::excludes;
  }

  /** One source matched: its real path, its path relative to the source root. */
  record Selected(Path path, String rel, boolean directory) {}

  /** Where and how the sources go. */
  record Target(
      String path,
      boolean directory,
      Optional<String> chown,
      Optional<Chmod> chmod,
      Predicate<String> excluded) {}

  private List<Selected> select(SourceRoot source, String src) {
    Path root = source.path();
    List<Selected> out = new ArrayList<>();
    if (!Glob.hasMeta(src)) {
      Path path = RootedPath.resolve(root, src, true);
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || source.prunes(path)) {
        throw BerthException.notFound(
            "%s: %s %s: \"%s\" not found in the %s",
            instruction.range(),
            keyword(),
            src,
            "/" + RootedPath.cleanRelative(src),
            root.equals(run.context) ? "build context" : "source image or stage");
      }
      out.add(new Selected(path, root.relativize(path).toString(), Files.isDirectory(path)));
      return out;
    }
    for (Path match : Glob.match(root, src)) {
      if (source.prunes(match)) {
        continue;
      }
      out.add(new Selected(match, root.relativize(match).toString(), Files.isDirectory(match)));
    }
    if (out.isEmpty()) {
      throw BerthException.notFound(
          "%s: %s %s: no source files were specified (nothing matches)",
          instruction.range(), keyword(), src);
    }
    return out;
  }

  private StepOutcome write(
      SourceRoot root, List<Selected> selected, Map<String, String> heredocFiles, Target target) {
    StageState s = stage.state();
    try (WritableLayer layer = new WritableLayer(run.service.snapshots(), s.chain)) {
      Path mnt = layer.mountUnder(run.work);
      ResolvedUser owner = owner(mnt, target.chown());
      try (Writer writer = new Writer(mnt, owner, target, root)) {
        for (Selected sel : selected) {
          String base = destinationOf(mnt, sel, target);
          if (add
              && root.identity().isEmpty()
              && sel.path().startsWith(root.path())
              && !sel.directory()
              && Archives.isArchive(sel.path())) {
            Path dir = RootedPath.mkdirs(mnt, target.path(), owner.uid(), owner.gid());
            Archives.extract(
                sel.path(), mnt, mnt.relativize(dir).toString(), target.chown().map(c -> owner));
            continue;
          }
          writer.put(sel.path(), "", base, true);
        }
        for (var h : heredocFiles.entrySet()) {
          String dest =
              target.directory() || isDir(mnt, target.path())
                  ? target.path() + "/" + h.getKey()
                  : target.path();
          writer.text(h.getValue(), dest);
        }
      }
      return layer.commit(run.service.content(), run.sourceDateEpoch(), run.created());
    } catch (IOException e) {
      throw BerthException.internal(keyword() + ": " + e.getMessage(), e);
    }
  }

  /** The destination of one selected source, root-relative. */
  private String destinationOf(Path mnt, Selected sel, Target target) {
    String base = target.path();
    if (flags.parents()) {
      String rel = sel.rel();
      int pivot = rel.indexOf("/./");
      String kept = pivot >= 0 ? rel.substring(pivot + 3) : rel;
      return join(base, sel.directory() ? kept : kept);
    }
    if (sel.directory()) {
      return base; // a directory's contents are copied, not the directory itself
    }
    if (target.directory() || isDir(mnt, base)) {
      return join(base, sel.path().getFileName().toString());
    }
    return base;
  }

  private static String join(String a, String b) {
    return RootedPath.cleanRelative(a + "/" + b);
  }

  private static boolean isDir(Path mnt, String rel) {
    return Files.isDirectory(RootedPath.resolve(mnt, rel, true));
  }

  private ResolvedUser owner(Path mnt, Optional<String> chown) {
    if (chown.isEmpty()) {
      return new ResolvedUser(0, 0, List.of(), "/");
    }
    String spec = chown.get();
    ResolvedUser resolved = new UserResolver(mnt).resolve(spec, List.of());
    return spec.contains(":")
        ? resolved
        : new ResolvedUser(resolved.uid(), resolved.uid(), List.of(), resolved.home());
  }

  /** Writes entries under the mounted root, each destination resolved inside it. */
  private static final class Writer implements AutoCloseable {
    /**
     * A directory of at least this many entries has its files copied by {@link #COPIERS} threads:
     * creating a file is the kernel's work (most of a COPY of many small files), and it runs on
     * every core.
     */
    private static final int PARALLEL_MIN = 16;

    private static final int COPIERS =
        Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static final AtomicInteger COPIER_IDS = new AtomicInteger();

    /** The copying threads, started on first need and stopped by {@link #close}. */
    private ExecutorService copiers;

    private final Path root;
    private final ResolvedUser owner;
    private final Target target;
    private final SourceRoot source;

    Writer(Path root, ResolvedUser owner, Target target, SourceRoot source) {
      this.root = root;
      this.owner = owner;
      this.target = target;
      this.source = source;
    }

    /**
     * The directories this step made, by root-relative path: nothing can exist below them but what
     * the step wrote, so their entries need no look-up before they are written.
     */
    private final java.util.Set<String> fresh = new java.util.HashSet<>();

    private final Map<String, Path> dirs = new java.util.HashMap<>();

    /** Copies {@code src} (named {@code rel} in its root) to root-relative {@code dest}. */
    void put(Path src, String rel, String dest, boolean top) throws IOException {
      put(src, rel, dest, top, null);
    }

    /**
     * {@link #put(Path, String, String, boolean)}, a regular file being copied by a copier thread
     * when {@code pending} is given (the copy's future is added to it), here otherwise. Names,
     * directories and look-ups stay on this thread; a copier only writes the one new file.
     */
    private void put(Path src, String rel, String dest, boolean top, List<Future<?>> pending)
        throws IOException {
      if (!top && (target.excluded().test(rel) || source.prunes(src))) {
        return;
      }
      Map<String, Object> st = FileOps.stat(src);
      int mode = ((Number) st.get("mode")).intValue();
      int type = mode & 0170000;
      if (type == 0040000) {
        Path dir = directory(dest);
        List<String> names = TreeDigest.children(src);
        List<Future<?>> copies = new ArrayList<>();
        // Every copy into the directory is over before its time is set, or before the step fails
        // and its snapshot is removed.
        try {
          for (String name : names) {
            put(
                src.resolve(name),
                rel.isEmpty() ? name : rel + "/" + name,
                join(dest, name),
                false,
                names.size() >= PARALLEL_MIN ? copies : null);
          }
        } catch (IOException | RuntimeException e) {
          Futures.awaitAllAfter(e, copies);
          throw e;
        }
        Futures.awaitAll(copies);
        // The directory named as the source lends its contents only: the destination keeps its
        // own mode and owner, or is made 0755 (and owned as --chown says), as in Docker's
        // builders; the directories below it are copies, with the source's metadata. Its time is
        // the source's all the same, so that the same inputs give the same layer.
        if (!top) {
          finish(dir, mode & 07777, true, st);
        } else if (!dest.isEmpty()) {
          FileOps.mtime(dir, (FileTime) st.get("lastModifiedTime"));
        }
        return;
      }
      String parentRel = parentOf(dest);
      Path to = directory(parentRel).resolve(nameOf(dest));
      if (!fresh.contains(parentRel)) {
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
          throw BerthException.invalid(
              "cannot copy %s over the directory /%s", rel, root.relativize(to));
        }
        Files.deleteIfExists(to);
      }
      if (type == 0120000) {
        Path link = Files.readSymbolicLink(src);
        try {
          Files.createSymbolicLink(to, link);
        } catch (java.nio.file.FileAlreadyExistsException again) {
          Files.delete(to); // an earlier source of the same step wrote this name
          Files.createSymbolicLink(to, link);
        }
        FileOps.chown(to, owner.uid(), owner.gid());
        FileOps.mtime(to, (FileTime) st.get("lastModifiedTime"));
        return;
      }
      if (type != 0100000) {
        // TODO(#4): fifos and device nodes in a COPY source are skipped.
        return;
      }
      if (pending != null) {
        pending.add(
            copiers()
                .submit(
                    () -> {
                      copyFile(src, to, mode, st);
                      return null;
                    }));
      } else {
        copyFile(src, to, mode, st);
      }
    }

    /**
     * Copies regular file {@code src} (of {@code mode} and stat {@code st}) to new file {@code to}.
     */
    private void copyFile(Path src, Path to, int mode, Map<String, Object> st) throws IOException {
      // The copy takes the source's mode, owner and times through its descriptors; only what
      // differs from the source is set again by path.
      try {
        Files.copy(src, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.FileAlreadyExistsException again) {
        // an earlier source of the same step wrote this name
        Files.copy(
            src,
            to,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      }
      if (target.chmod().isPresent()) {
        FileOps.chmod(to, target.chmod().get().apply(mode & 07777, false));
      }
      if (((Number) st.get("uid")).intValue() != owner.uid()
          || ((Number) st.get("gid")).intValue() != owner.gid()) {
        FileOps.chown(to, owner.uid(), owner.gid());
      }
    }

    private ExecutorService copiers() {
      if (copiers == null) {
        copiers =
            Executors.newFixedThreadPool(
                COPIERS,
                Thread.ofPlatform()
                    .daemon()
                    .name("copy-" + COPIER_IDS.incrementAndGet() + "-", 0)
                    .factory());
      }
      return copiers;
    }

    @Override
    public void close() {
      if (copiers != null) {
        copiers.shutdownNow();
      }
    }

    /** The real path of root-relative directory {@code rel}, made (with its parents) if missing. */
    private Path directory(String rel) throws IOException {
      Path known = dirs.get(rel);
      if (known != null) {
        return known;
      }
      Path dir;
      if (rel.isEmpty()) {
        dir = root;
      } else if (fresh.contains(parentOf(rel))) {
        dir = directory(parentOf(rel)).resolve(nameOf(rel));
        Files.createDirectory(dir);
        FileOps.chmod(dir, 0755);
        FileOps.chown(dir, owner.uid(), owner.gid());
        fresh.add(rel);
      } else {
        boolean existed =
            Files.exists(RootedPath.resolve(root, rel, true), LinkOption.NOFOLLOW_LINKS);
        dir = RootedPath.mkdirs(root, rel, owner.uid(), owner.gid());
        if (!existed) {
          fresh.add(rel);
        }
      }
      dirs.put(rel, dir);
      return dir;
    }

    void text(String content, String dest) throws IOException {
      Path parent = directory(parentOf(dest));
      Path to = parent.resolve(nameOf(dest));
      Files.deleteIfExists(to);
      Files.writeString(to, content);
      FileOps.chmod(to, target.chmod().map(c -> c.apply(0644, false)).orElse(0644));
      FileOps.chown(to, owner.uid(), owner.gid());
    }

    private void finish(Path to, int mode, boolean directory, Map<String, Object> st)
        throws IOException {
      FileOps.chmod(to, target.chmod().map(c -> c.apply(mode, directory)).orElse(mode));
      FileOps.chown(to, owner.uid(), owner.gid());
      FileOps.mtime(to, (FileTime) st.get("lastModifiedTime"));
    }

    private static String parentOf(String rel) {
      int slash = rel.lastIndexOf('/');
      return slash < 0 ? "" : rel.substring(0, slash);
    }

    private static String nameOf(String rel) {
      if (rel.isEmpty()) {
        throw BerthException.invalid("cannot copy a file onto the image's root directory");
      }
      return rel.substring(rel.lastIndexOf('/') + 1);
    }
  }
}
