package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code key=value} flags ({@code --label}, {@code --opt}, {@code -e}) and the files of them. */
final class KeyValues {
  private KeyValues() {}

  /** {@code k=v} pairs as a JSON object; a bare {@code k} maps to the empty string. */
  static ObjectNode object(List<String> pairs, String option) {
    ObjectNode object = Jsons.object();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq == 0) {
        throw BerthException.invalid("invalid argument \"%s\" for %s: no key", pair, option);
      }
      object.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return object;
  }

  /**
   * docker's {@code -e}: {@code K=V} as given, a bare {@code K} taken from the environment (and
   * dropped when unset there).
   */
  static List<String> env(List<String> given, Map<String, String> environment) {
    List<String> env = new ArrayList<>();
    for (String e : given) {
      if (e.startsWith("=")) {
        throw BerthException.invalid("invalid environment variable: %s", e);
      }
      if (e.contains("=")) {
        env.add(e);
      } else if (environment.containsKey(e)) {
        env.add(e + "=" + environment.get(e));
      }
    }
    return env;
  }

  /** The lines of an {@code --env-file} or {@code --label-file}: comments and blanks skipped. */
  static List<String> file(Path file) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String trimmed = line.stripLeading();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          lines.add(trimmed.contains("=") ? trimmed : trimmed.strip());
        }
      }
      return lines;
    } catch (IOException e) {
      throw BerthException.invalid("cannot read %s: %s", file, e.getMessage());
    }
  }
}
