package io.berth.build.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * COPY and ADD source patterns as Go's {@code filepath.Match} reads them, component by component:
 * {@code *}, {@code ?}, {@code [...]} classes and backslash escapes; a match never leaves the root.
 */
final class Glob {

  private Glob() {}

  static boolean hasMeta(String pattern) {
    return pattern.matches(".*[*?\\[\\\\].*");
  }

  /** The paths under {@code root} that {@code pattern} matches, sorted. */
  static List<Path> match(Path root, String pattern) {
    List<Path> current = List.of(root);
    for (String part : RootedPath.clean(pattern)) {
      List<Path> next = new ArrayList<>();
      if (!hasMeta(part)) {
        for (Path p : current) {
          Path child = RootedPath.resolve(root, root.relativize(p).resolve(part).toString(), true);
          if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)) {
            next.add(child);
          }
        }
      } else {
        Pattern regex = Pattern.compile(regex(part));
        for (Path p : current) {
          if (!Files.isDirectory(p)) {
            continue;
          }
          try (var list = Files.list(p)) {
            for (Path child : list.sorted().toList()) {
              if (regex.matcher(child.getFileName().toString()).matches()) {
                next.add(RootedPath.resolve(root, root.relativize(child).toString(), true));
              }
            }
          } catch (IOException e) {
            // an unreadable directory matches nothing
          }
        }
      }
      current = next;
    }
    return current.stream().filter(p -> !p.equals(root) || pattern.isEmpty()).toList();
  }

  static String regex(String pattern) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> b.append("[^/]*");
        case '?' -> b.append("[^/]");
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            b.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        case '[' -> {
          int end = pattern.indexOf(']', i + 2);
          if (end < 0) {
            b.append("\\[");
          } else {
            String cls = pattern.substring(i + 1, end);
            if (cls.startsWith("^")) {
              cls = "^" + cls.substring(1).replace("\\", "\\\\").replace("[", "\\[");
            } else {
              cls = cls.replace("\\", "\\\\").replace("[", "\\[");
            }
            b.append('[').append(cls).append(']');
            i = end;
          }
        }
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
