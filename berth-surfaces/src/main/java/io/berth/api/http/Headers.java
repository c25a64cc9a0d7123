package io.berth.api.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** HTTP header fields in arrival order, looked up without regard to case. */
public final class Headers {
  private final Map<String, List<String>> byLowerName = new LinkedHashMap<>();
  private final Map<String, String> spelling = new LinkedHashMap<>();

  /** Adds one value of {@code name}, keeping earlier ones. */
  public Headers add(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    spelling.putIfAbsent(key, name);
    byLowerName.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Replaces every value of {@code name} with {@code value}. */
  public Headers set(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    spelling.put(key, name);
    byLowerName.put(key, new ArrayList<>(List.of(value)));
    return this;
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    List<String> values = byLowerName.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** Every value of {@code name}, in arrival order. */
  public List<String> all(String name) {
    return Collections.unmodifiableList(
        byLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  /** Whether a comma-separated header such as {@code Connection} holds {@code token}. */
  public boolean hasToken(String name, String token) {
    for (String value : all(name)) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Each field as it will be written: {@code Name: value}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    byLowerName.forEach(
        (key, values) -> values.forEach(v -> lines.add(spelling.get(key) + ": " + v)));
    return lines;
  }
}
