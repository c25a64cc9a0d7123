package io.berth.build.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Why a step's cache key differs from last time, worked out from what the same step saw then and
 * sees now: its instruction, its parent, its build arguments, the files it read.
 */
final class Explain {

  private static final int MAX_FILES = 3;

  /** How a miss caused by an earlier step's miss begins. */
  static final String PARENT_CHANGED = "parent step changed";

  /** Why a step with no earlier run to compare with missed. */
  static final String NO_PREVIOUS = "no previous build of this step";

  private Explain() {}

  static String reason(
      Optional<StepCache.Position> last, StepCache.Position now, Optional<String> parentReason) {
    if (last.isEmpty()) {
      return NO_PREVIOUS;
    }
    StepCache.Position before = last.get();
    if (!before.instruction().equals(now.instruction())) {
      return "instruction changed";
    }
    if (!before.parent().equals(now.parent())) {
      return PARENT_CHANGED + parentReason.map(r -> " (" + r + ")").orElse("");
    }
    Optional<String> arg = argument(before.args(), now.args());
    if (arg.isPresent()) {
      return arg.get();
    }
    Optional<String> setting = setting(before.settings(), now.settings());
    if (setting.isPresent()) {
      return setting.get();
    }
    List<String> files = files(before.files(), now.files());
    if (!files.isEmpty()) {
      return String.join(", ", files);
    }
    return "its inputs changed";
  }

  private static Optional<String> argument(Map<String, String> before, Map<String, String> now) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(now.keySet());
    for (String name : names) {
      String a = before.get(name);
      String b = now.get(name);
      if (!Objects.equals(a, b)) {
        if (a == null) {
          return Optional.of("build argument " + name + " is now set to " + b);
        }
        if (b == null) {
          return Optional.of("build argument " + name + " is no longer set (was " + a + ")");
        }
        return Optional.of("build argument " + name + " changed from " + a + " to " + b);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> setting(Map<String, String> before, Map<String, String> now) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(now.keySet());
    for (String name : names) {
      String a = before.get(name);
      String b = now.get(name);
      if (!Objects.equals(a, b)) {
        String what = name.startsWith("$") ? "environment variable " + name.substring(1) : name;
        if (a == null) {
          return Optional.of(what + " is now set to " + b);
        }
        if (b == null) {
          return Optional.of(what + " is no longer set (was " + a + ")");
        }
        return Optional.of(what + " changed from " + a + " to " + b);
      }
    }
    return Optional.empty();
  }

  private static List<String> files(Map<String, String> before, Map<String, String> now) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(now.keySet());
    List<String> out = new ArrayList<>();
    int more = 0;
    for (String name : names) {
      String a = before.get(name);
      String b = now.get(name);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (out.size() == MAX_FILES) {
        more++;
        continue;
      }
      out.add(
          a == null
              ? "file " + name + " added"
              : b == null ? "file " + name + " removed" : "file " + name + " changed");
    }
    if (more > 0) {
      out.add("and " + more + " more files");
    }
    return out;
  }
}
