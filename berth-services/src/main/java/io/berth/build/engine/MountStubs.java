package io.berth.build.engine;

import io.berth.runtime.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points runc creates in a RUN step's root file system: found before the step (the
 * topmost missing ancestor of each mount destination), and taken out of its diff afterwards while
 * they hold nothing but empty directories and empty files, so a layer never records them.
 */
final class MountStubs {

  private MountStubs() {}

  /** The root-relative paths that runc would have to create for {@code points}. */
  static List<String> missing(Path root, List<RuntimeSpec.MountPoint> points) {
    List<String> out = new ArrayList<>();
    for (RuntimeSpec.MountPoint p : points) {
      StringBuilder prefix = new StringBuilder();
      for (String part : RootedPath.clean(p.destination())) {
        prefix.append(prefix.isEmpty() ? "" : "/").append(part);
        Path real = RootedPath.resolve(root, prefix.toString(), true);
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
          String rel = root.relativize(real).toString();
          if (!out.contains(rel)) {
            out.add(rel);
          }
          break;
        }
      }
    }
    return out;
  }

  /** Removes each of {@code stubs} from {@code upper} if it holds nothing. */
  static void remove(Path upper, List<String> stubs) throws IOException {
    for (String stub : stubs) {
      Path p = upper.resolve(stub);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && hollow(p)) {
        FileOps.deleteTree(p);
      }
    }
  }

  private static boolean hollow(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return false;
    }
    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return Files.size(p) == 0;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (var children = Files.list(p)) {
      for (Path child : children.toList()) {
        if (!hollow(child)) {
          return false;
        }
      }
    }
    return true;
  }
}
