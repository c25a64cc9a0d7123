package io.berth.runtime;

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
 * A path inside a container's root filesystem resolved the way the container would see it: symlinks
 * are followed with the rootfs as {@code /}, and {@code ..} stops at it, so the result never leaves
 * the rootfs.
 */
final class ScopedPath {

  private static final int MAX_LINKS = 40;

  private ScopedPath() {}

  /** The host path of {@code path} (absolute inside the container) under {@code root}. */
  static Path resolve(Path root, String path) {
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      Path candidate = join(root, done).resolve(part);
      if (!Files.isSymbolicLink(candidate)) {
        done.add(part);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw BerthException.invalid(
            "resolving %s in rootfs %s: more than %d symbolic links", path, root, MAX_LINKS);
      }
      String target = readLink(candidate);
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> parts = split(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        todo.addFirst(parts.get(i));
      }
    }
    return join(root, done);
  }

  /** Whether {@code path} is a regular file that is not itself a symlink. */
  static boolean isPlainFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw BerthException.internal("reading symbolic link " + link, e);
    }
  }

  private static List<String> split(String path) {
    return List.of(path.split("/"));
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }
}
