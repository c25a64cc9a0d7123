package io.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.oci.RunConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code --change} instructions of {@code docker import} and {@code docker commit} applied to a
 * run config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR, in
 * their Dockerfile forms (JSON array or shell form).
 */
public final class ConfigChanges {
  // TODO(#3): parse with the Dockerfile frontend's instruction parser once io.berth.dockerfile
  // lands
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigChanges() {}

  /** {@code config} with every change applied in order; INVALID_ARGUMENT naming a bad change. */
  public static RunConfig apply(RunConfig config, List<String> changes) {
    RunConfig result = config;
    for (String change : changes) {
      result = applyOne(result, change.strip());
    }
    return result;
  }

  private static RunConfig applyOne(RunConfig c, String change) {
    if (change.isEmpty()) {
      return c;
    }
    int space = change.indexOf(' ');
    String keyword = (space < 0 ? change : change.substring(0, space)).toUpperCase(Locale.ROOT);
    String args = space < 0 ? "" : change.substring(space + 1).strip();
    RunConfig.Builder b = c.toBuilder();
    switch (keyword) {
      case "CMD" -> b.cmd = command(args, change);
      case "ENTRYPOINT" -> b.entrypoint = command(args, change);
      case "ENV" -> b.env = env(c.env(), pairs(args, change));
      case "LABEL" -> b.labels = merged(c.labels(), pairs(args, change));
      case "EXPOSE" -> b.exposedPorts = ports(c, args);
      case "VOLUME" -> b.volumes = volumes(c, args, change);
      case "ONBUILD" -> b.onBuild = appended(c.onBuild(), args);
      case "STOPSIGNAL" -> b.stopSignal = args;
      case "USER" -> b.user = args;
      case "WORKDIR" -> b.workingDir = args;
      default ->
          throw BerthException.invalid(
              "invalid change \"%s\": %s is not one of CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,"
                  + " ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR",
              change, keyword);
    }
    return b.build();
  }

  private static List<String> command(String args, String change) {
    if (args.startsWith("[")) {
      return jsonArray(args, change);
    }
    return List.of("/bin/sh", "-c", args);
  }

  private static List<String> jsonArray(String args, String change) {
    try {
      return List.of(JSON.readValue(args, String[].class));
    } catch (JsonProcessingException e) {
      throw BerthException.invalid("invalid change \"%s\": not a JSON array of strings", change);
    }
  }

  /** {@code k=v k2="v 2"} or the old {@code k v} form. */
  private static Map<String, String> pairs(String args, String change) {
    Map<String, String> pairs = new LinkedHashMap<>();
    List<String> words = words(args);
    if (!words.isEmpty() && !words.getFirst().contains("=")) {
      int space = args.indexOf(' ');
      if (space < 0) {
        throw BerthException.invalid("invalid change \"%s\": expected NAME=value", change);
      }
      pairs.put(args.substring(0, space), args.substring(space + 1).strip());
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        throw BerthException.invalid(
            "invalid change \"%s\": \"%s\" is not NAME=value", change, word);
      }
      pairs.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return pairs;
  }

  /** Splits on blanks outside double quotes, dropping the quotes. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
        any = true;
      } else if (ch == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        any = true;
      } else if (Character.isWhitespace(ch) && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(ch);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }

  private static List<String> env(List<String> env, Map<String, String> set) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String e : env) {
      int eq = e.indexOf('=');
      merged.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
    }
    merged.putAll(set);
    List<String> out = new ArrayList<>();
    merged.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new LinkedHashMap<>(a);
    m.putAll(b);
    return m;
  }

  private static TreeSet<String> ports(RunConfig c, String args) {
    TreeSet<String> ports = new TreeSet<>(c.exposedPorts());
    for (String word : words(args)) {
      ports.add(word.contains("/") ? word : word + "/tcp");
    }
    return ports;
  }

  private static TreeSet<String> volumes(RunConfig c, String args, String change) {
    TreeSet<String> volumes = new TreeSet<>(c.volumes());
    volumes.addAll(args.startsWith("[") ? jsonArray(args, change) : words(args));
    return volumes;
  }

  private static List<String> appended(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }
}
