package io.berth.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The builder flags one instruction accepts, and the values parsed from its flag words. */
final class FlagSet {

  /** How a flag takes its value. */
  enum Kind {
    STRING,
    BOOL,
    REPEATED
  }

  private final String keyword;
  private final SourceRange range;
  private final Map<String, Kind> allowed = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  FlagSet(String keyword, SourceRange range) {
    this.keyword = keyword;
    this.range = range;
  }

  FlagSet allow(String name, Kind kind) {
    allowed.put(name, kind);
    return this;
  }

  FlagSet parse(List<String> words) {
    for (String word : words) {
      String body = word.startsWith("--") ? word.substring(2) : word;
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      Optional<String> value = eq < 0 ? Optional.empty() : Optional.of(body.substring(eq + 1));
      Kind kind = allowed.get(name);
      if (kind == null) {
        throw error("unknown flag --" + name + expected());
      }
      String v = value.orElse(null);
      if (kind == Kind.BOOL) {
        v = value.orElse("true");
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw error("flag --" + name + "=" + v + ": expected true or false");
        }
      } else if (v == null) {
        throw error("flag --" + name + " needs a value: --" + name + "=VALUE");
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (kind != Kind.REPEATED && !list.isEmpty()) {
        throw error("flag --" + name + " is given more than once");
      }
      list.add(v);
    }
    return this;
  }

  Optional<String> string(String name) {
    List<String> list = values.get(name);
    return list == null ? Optional.empty() : Optional.of(list.getFirst());
  }

  boolean bool(String name) {
    return string(name).map(v -> v.equalsIgnoreCase("true")).orElse(false);
  }

  List<String> repeated(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  private String expected() {
    if (allowed.isEmpty()) {
      return ": " + keyword + " takes no flags";
    }
    return " (" + keyword + " accepts --" + String.join(", --", allowed.keySet()) + ")";
  }

  DockerfileException error(String reason) {
    return new DockerfileException(range, keyword + ": " + reason);
  }
}
