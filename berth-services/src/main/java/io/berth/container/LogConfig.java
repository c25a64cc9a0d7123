package io.berth.container;

import io.berth.errors.BerthException;
import io.berth.runtime.ByteSizes;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code --log-driver} and {@code --log-opt}: only {@code json-file}, whose files berth
 * rotates by default at {@value #DEFAULT_MAX_SIZE_TEXT} × {@value #DEFAULT_MAX_FILE} (Docker keeps
 * one unbounded file unless told otherwise; docs/compatibility.md).
 */
public record LogConfig(String type, Map<String, String> options) {

  public static final String DEFAULT_MAX_SIZE_TEXT = "10m";
  public static final int DEFAULT_MAX_FILE = 3;
  private static final Set<String> KNOWN = Set.of("max-size", "max-file", "compress", "labels");

  public LogConfig {
    type = type == null || type.isEmpty() ? "json-file" : type;
    options = options == null ? Map.of() : Map.copyOf(options);
    if (!type.equals("json-file")) {
      throw BerthException.notImplemented("the log driver " + type + " (only json-file)");
    }
    for (String key : options.keySet()) {
      if (!KNOWN.contains(key)) {
        throw BerthException.invalid("unknown log opt '%s' for json-file log driver", key);
      }
    }
    maxSize(options);
    maxFile(options);
  }

  /** json-file with the daemon's defaults. */
  public static LogConfig defaults() {
    return new LogConfig("json-file", Map.of());
  }

  /** This config with {@code defaults} filling the options it does not set. */
  public LogConfig withDefaults(Map<String, String> defaults) {
    Map<String, String> all = new java.util.TreeMap<>(defaults);
    all.putAll(options);
    return new LogConfig(type, all);
  }

  /** The size at which the file rotates; {@code -1} for never. */
  public long maxSize() {
    return maxSize(options);
  }

  private static long maxSize(Map<String, String> options) {
    String text = options.getOrDefault("max-size", DEFAULT_MAX_SIZE_TEXT);
    if (text.equals("-1")) {
      return -1;
    }
    long size = ByteSizes.parse(text);
    if (size <= 0) {
      throw BerthException.invalid(
          "invalid log opt max-size: must be a positive size, got %s", text);
    }
    return size;
  }

  /** How many files are kept, the current one included. */
  public int maxFile() {
    return maxFile(options);
  }

  private static int maxFile(Map<String, String> options) {
    String text = options.getOrDefault("max-file", Integer.toString(DEFAULT_MAX_FILE));
    try {
      int n = Integer.parseInt(text);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid log opt max-file: must be a number >= 1, got %s", text);
    }
  }
}
