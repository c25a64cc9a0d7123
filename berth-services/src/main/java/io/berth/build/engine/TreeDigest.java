package io.berth.build.engine;

import io.berth.sys.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What a step reads from the build context, as the cache key sees it: for every file under the
 * selected paths, its context-relative path, type, permission bits and content digest (or symlink
 * target), never its times or owner, so a touched file still matches and an edited one never does.
 * One {@code lstat} per entry; contents are read only when the stamp cache cannot answer.
 */
final class TreeDigest {

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  private TreeDigest() {}

  /**
   * Adds every entry under {@code path} (named {@code relative} in the context) to {@code out}, but
   * those whose path relative to {@code path} is {@code excluded} and those {@code filter} hides.
   */
  static void add(
      ContextHashCache hashes,
      Path path,
      String relative,
      Predicate<String> excluded,
      ContextFilter filter,
      Map<String, String> out)
      throws IOException {
    int start = relative.isEmpty() ? 0 : relative.length() + 1;
    List<Unhashed> unhashed = new ArrayList<>();
    add(hashes, path, relative, start, excluded, filter, out, unhashed);
    hashAll(hashes, unhashed, out);
  }

  /** A regular file whose digest is not known yet, and what its entry needs beside it. */
  private record Unhashed(String name, String perm, Path path, FileStat.Stat st) {}

  /** Fewer files than this to read are read by the caller alone. */
  private static final int PARALLEL_MIN = 32;

  private static final int HASHERS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /**
   * Reads and hashes {@code files}, on {@link #HASHERS} threads (the caller among them) when they
   * are many: a cold context of many files is bound by the system calls of opening and reading each
   * one, and hashing runs on every core.
   */
  private static void hashAll(
      ContextHashCache hashes, List<Unhashed> files, Map<String, String> out) throws IOException {
    String[] digests = new String[files.size()];
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          try {
            for (int i; (i = next.getAndIncrement()) < files.size(); ) {
              Unhashed f = files.get(i);
              digests[i] = hashes.digest(f.path(), f.name(), f.st());
            }
          } catch (RuntimeException e) {
            next.set(files.size()); // the others stop at their next file
            throw e;
          }
        };
    int helpers = files.size() >= PARALLEL_MIN ? HASHERS - 1 : 0;
    List<Future<?>> helping = new ArrayList<>();
    ExecutorService pool =
        helpers == 0
            ? null
            : Executors.newFixedThreadPool(
                helpers, Thread.ofPlatform().daemon().name("context-hash-", 1).factory());
    try {
      for (int t = 0; t < helpers; t++) {
        helping.add(pool.submit(worker));
      }
      worker.run();
    } catch (RuntimeException e) {
      Futures.awaitAllAfter(e, helping);
      throw e;
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
    Futures.awaitAll(helping);
    for (int i = 0; i < digests.length; i++) {
      Unhashed f = files.get(i);
      out.put(f.name(), "f " + f.perm() + " " + digests[i]);
    }
  }

  private static void add(
      ContextHashCache hashes,
      Path path,
      String relative,
      int start,
      Predicate<String> excluded,
      ContextFilter filter,
      Map<String, String> out,
      List<Unhashed> unhashed)
      throws IOException {
    if (relative.length() > start && excluded.test(relative.substring(start))) {
      return;
    }
    FileStat.Stat st = FileOps.lstat(path);
    int mode = st.mode();
    int type = mode & S_IFMT;
    boolean hidden = filter.hides(relative);
    if (hidden && !(type == S_IFDIR && filter.mayShowBelow(relative))) {
      return;
    }
    String name = relative.isEmpty() ? "." : relative;
    String perm = Integer.toOctalString(mode & 07777);
    switch (type) {
      case S_IFLNK -> out.put(name, "l " + Files.readSymbolicLink(path));
      case S_IFREG -> {
        String digest = hashes.remembered(name, st);
        if (digest != null) {
          out.put(name, "f " + perm + " " + digest);
        } else {
          unhashed.add(new Unhashed(name, perm, path, st));
        }
      }
      case S_IFDIR -> {
        if (!hidden) {
          out.put(name, "d " + perm);
        }
        String prefix = relative.isEmpty() ? "" : relative + "/";
        for (String child : children(path)) {
          add(hashes, path.resolve(child), prefix + child, start, excluded, filter, out, unhashed);
        }
      }
      default -> out.put(name, "o " + perm);
    }
  }

  /** The names in directory {@code dir}, sorted. */
  static List<String> children(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        names.add(p.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }

  /** {@link #add} into a new sorted map. */
  static Map<String, String> of(
      ContextHashCache hashes, Path path, String relative, ContextFilter filter)
      throws IOException {
    Map<String, String> out = new TreeMap<>();
    add(hashes, path, relative, r -> false, filter, out);
    return out;
  }
}
