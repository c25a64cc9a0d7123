package io.berth.build.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a step reads from the build context, as the cache key sees it: for every file under the
 * selected paths, its context-relative path, type, permission bits and content digest (or symlink
 * target), never its times or owner, so a touched file still matches and an edited one never does.
 */
final class TreeDigest {

  private TreeDigest() {}

  /**
   * Adds every entry under {@code path} (named {@code relative}) to {@code out}, but those whose
   * path relative to {@code path} is {@code excluded}.
   */
  static void add(
      ContextHashCache hashes,
      Path path,
      String relative,
      Predicate<String> excluded,
      Map<String, String> out)
      throws IOException {
    add(hashes, path, relative, relative.isEmpty() ? 0 : relative.length() + 1, excluded, out);
  }

  private static void add(
      ContextHashCache hashes,
      Path path,
      String relative,
      int start,
      Predicate<String> excluded,
      Map<String, String> out)
      throws IOException {
    if (relative.length() > start && excluded.test(relative.substring(start))) {
      return;
    }
    String name = relative.isEmpty() ? "." : relative;
    if (Files.isSymbolicLink(path)) {
      out.put(name, "l " + Files.readSymbolicLink(path));
    } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      out.put(name, "d " + Integer.toOctalString(FileOps.mode(path)));
      List<Path> children;
      try (var list = Files.list(path)) {
        children = list.sorted().toList();
      }
      for (Path child : children) {
        String rel = (relative.isEmpty() ? "" : relative + "/") + child.getFileName();
        add(hashes, child, rel, start, excluded, out);
      }
    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      out.put(
          name, "f " + Integer.toOctalString(FileOps.mode(path)) + " " + hashes.digest(path, name));
    } else {
      out.put(name, "o " + Integer.toOctalString(FileOps.mode(path)));
    }
  }

  /** {@link #add} into a new sorted map. */
  static Map<String, String> of(ContextHashCache hashes, Path path, String relative)
      throws IOException {
    Map<String, String> out = new TreeMap<>();
    add(hashes, path, relative, r -> false, out);
    return out;
  }
}
