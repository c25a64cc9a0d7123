package io.berth.build.engine;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory the way {@code openat2(RESOLVE_IN_ROOT)} does: {@code ..}
 * never climbs above the root, and a symlink met on the way is followed with an absolute target
 * taken relative to the root, so nothing resolved here lies outside it, whatever the tree holds.
 */
final class RootedPath {
  // TODO(#4): components are checked with lstat from Java; openat2 on directory fds would also
  // close the race with a process changing the tree meanwhile (no container runs during a COPY).

  private static final int MAX_SYMLINKS = 40;

  private RootedPath() {}

  /**
   * The components of {@code path} with {@code .} and {@code ..} resolved lexically at the root.
   */
  static List<String> clean(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
        continue;
      }
      parts.add(part);
    }
    return parts;
  }

  /** {@code path} cleaned and joined with slashes, without a leading slash; "" for the root. */
  static String cleanRelative(String path) {
    return String.join("/", clean(path));
  }

  /**
   * The real location of {@code path} inside {@code root}, every symlink on the way followed inside
   * the root; the last component is followed only if {@code followLast}.
   */
  static Path resolve(Path root, String path, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(clean(path));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      Path candidate = join(root, done).resolve(part);
      boolean last = todo.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_SYMLINKS) {
          throw BerthException.invalid(
              "resolving %s: more than %d symbolic links on the way", path, MAX_SYMLINKS);
        }
        String target = readLink(candidate);
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> targetParts = new ArrayList<>(List.of(target.split("/")));
        for (int i = targetParts.size() - 1; i >= 0; i--) {
          todo.addFirst(targetParts.get(i));
        }
        continue;
      }
      done.add(part);
    }
    return join(root, done);
  }

  /**
   * Creates the directory {@code path} inside {@code root} and its missing parents (mode 0755,
   * owned by {@code uid:gid}), resolving symlinks inside the root; returns its real location.
   */
  static Path mkdirs(Path root, String path, int uid, int gid) throws IOException {
    Path current = root;
    for (String part : clean(path)) {
      Path next = resolve(root, root.relativize(current).resolve(part).toString(), true);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(next);
        FileOps.chmod(next, 0755);
        FileOps.chown(next, uid, gid);
      } else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid(
            "cannot create directory /%s: /%s exists and is not a directory",
            cleanRelative(path), root.relativize(next));
      }
      current = next;
    }
    return current;
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw BerthException.internal("reading the symbolic link " + link, e);
    }
  }
}
