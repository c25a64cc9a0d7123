package io.berth.mount;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data string of an overlay mount, shortened when a page is not enough: the kernel copies at
 * most 4096 bytes of mount options, which absolute lower directories fill at about 80 layers, so
 * the directories are rewritten relative to the deepest directory they all share, and the mount is
 * made from there (as Docker and containerd mount long chains).
 */
public record OverlayOptions(Optional<Path> directory, String data) {

  /** The most bytes of options the kernel takes, the terminating NUL included. */
  public static final int MAX_DATA_BYTES = 4096;

  private static final List<String> PATH_KEYS = List.of("lowerdir=", "upperdir=", "workdir=");

  /** Whether the options fit in one page as they are. */
  public static boolean fits(String data) {
    return data.getBytes(StandardCharsets.UTF_8).length < MAX_DATA_BYTES;
  }

  /**
   * {@code data} as it is when it fits, else with every lower, upper and work directory relative to
   * their deepest common directory; either may still not fit ({@link #fitsInAPage}).
   */
  public static OverlayOptions of(String data) {
    if (fits(data)) {
      return new OverlayOptions(Optional.empty(), data);
    }
    List<String> options = List.of(data.split(","));
    Optional<Path> common = commonDirectory(paths(options));
    if (common.isEmpty()) {
      return new OverlayOptions(Optional.empty(), data);
    }
    List<String> shortened = new ArrayList<>();
    for (String option : options) {
      shortened.add(relative(option, common.get()));
    }
    return new OverlayOptions(common, String.join(",", shortened));
  }

  /** Whether the (possibly shortened) options fit in one page. */
  public boolean fitsInAPage() {
    return fits(data);
  }

  /** Every absolute directory named by the path options, in order. */
  private static List<Path> paths(List<String> options) {
    List<Path> paths = new ArrayList<>();
    for (String option : options) {
      for (String key : PATH_KEYS) {
        if (option.startsWith(key)) {
          for (String p : option.substring(key.length()).split(":")) {
            paths.add(Path.of(p));
          }
        }
      }
    }
    return paths;
  }

  private static Optional<Path> commonDirectory(List<Path> paths) {
    if (paths.isEmpty() || !paths.stream().allMatch(Path::isAbsolute)) {
      return Optional.empty();
    }
    Path common = paths.getFirst().getParent();
    for (Path p : paths) {
      while (common != null && !p.startsWith(common)) {
        common = common.getParent();
      }
    }
    return Optional.ofNullable(common).filter(c -> c.getNameCount() > 0);
  }

  private static String relative(String option, Path common) {
    for (String key : PATH_KEYS) {
      if (option.startsWith(key)) {
        List<String> parts = new ArrayList<>();
        for (String p : option.substring(key.length()).split(":")) {
          parts.add(common.relativize(Path.of(p)).toString());
        }
        return key + String.join(":", parts);
      }
    }
    return option;
  }
}
