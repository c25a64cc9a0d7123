package io.berth.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A directory tree as sorted lines ({@code path kind detail}) that tests compare. */
final class Trees {
  private Trees() {}

  static List<String> dump(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          lines.add(rel + " -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          lines.add(rel + "/");
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          lines.add(rel + " = " + Files.readString(p));
        } else {
          lines.add(rel + " (special)");
        }
      }
    }
    return lines;
  }
}
