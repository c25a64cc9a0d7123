package io.berth.build.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    add(hashes, path, relative, start, excluded, filter, out);
  }

  private static void add(
      ContextHashCache hashes,
      Path path,
      String relative,
      int start,
      Predicate<String> excluded,
      ContextFilter filter,
      Map<String, String> out)
      throws IOException {
    if (relative.length() > start && excluded.test(relative.substring(start))) {
      return;
    }
    io.berth.sys.FileStat.Stat st = FileOps.lstat(path);
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
      case S_IFREG -> out.put(name, "f " + perm + " " + hashes.digest(path, name, st));
      case S_IFDIR -> {
        if (!hidden) {
          out.put(name, "d " + perm);
        }
        String prefix = relative.isEmpty() ? "" : relative + "/";
        for (String child : children(path)) {
          add(hashes, path.resolve(child), prefix + child, start, excluded, filter, out);
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
