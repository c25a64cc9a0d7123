package io.berth.archive;

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
 * Resolves paths inside a root directory component by component, the way {@code openat2} with
 * {@code RESOLVE_IN_ROOT} does: a symlink met on the way is followed, but an absolute target or a
 * {@code ..} is taken relative to the root, so no path resolved here leaves it.
 */
final class InRoot {
  // TODO(#3): resolution checks each component with lstat from Java, which is safe while only the
  // applier writes the target; openat2(RESOLVE_IN_ROOT) on directory fds would also close races.

  private static final int MAX_SYMLINKS = 40;

  private final Path root;

  InRoot(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /**
   * The components of entry name {@code name}: leading slashes dropped, {@code .} skipped, {@code
   * ..} taken back; a name whose {@code ..} would climb above the root is refused.
   */
  static List<String> components(String name, String entry) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw BerthException.invalid(
              "layer entry \"%s\": the path \"%s\" leads outside the target directory",
              entry, name);
        }
        parts.removeLast();
        continue;
      }
      parts.add(part);
    }
    return parts;
  }

  /**
   * The real location of {@code components} inside the root, every symlink on the way resolved
   * within the root; the last component is followed only if {@code followLast}.
   */
  Path resolve(List<String> components, boolean followLast, String entry) throws IOException {
    Deque<String> todo = new ArrayDeque<>(components);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      Path candidate = join(done).resolve(part);
      boolean last = todo.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_SYMLINKS) {
          throw BerthException.invalid(
              "layer entry \"%s\": more than %d symlinks on its path", entry, MAX_SYMLINKS);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        String[] targetParts = target.split("/");
        for (int i = targetParts.length - 1; i >= 0; i--) {
          todo.addFirst(targetParts[i]);
        }
        continue;
      }
      done.add(part);
    }
    return join(done);
  }

  /**
   * Makes sure the directory {@code dir} (a resolved path inside the root) exists, creating what is
   * missing with mode 0755; a component that is not a directory is refused.
   */
  void ensureDirectory(Path dir, String entry) throws IOException {
    Path at = root;
    for (Path part : root.relativize(dir)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      at = at.resolve(part);
      if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(at);
      } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid(
            "layer entry \"%s\": %s is not a directory", entry, root.relativize(at));
      }
    }
  }

  private Path join(List<String> parts) {
    Path path = root;
    for (String part : parts) {
      path = path.resolve(part);
    }
    return path;
  }
}
