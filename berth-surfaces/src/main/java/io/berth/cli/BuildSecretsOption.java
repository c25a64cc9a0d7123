package io.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth build --secret id=ID[,src=FILE|,env=VAR][,type=file|env]}, as buildx reads it, and
 * the bytes berth's {@code berthsecrets} extension of {@code POST /build} sends them as: a JSON
 * object of base64 values. Without {@code src} or {@code env}, the environment variable named like
 * the id is used, else the file of that name.
 */
final class BuildSecretsOption {

  /** The most one secret may hold, as BuildKit. */
  static final int MAX_SECRET = 500 * 1024;

  private BuildSecretsOption() {}

  /** The JSON of {@code values} with their contents read; empty bytes for none. */
  static byte[] encode(List<String> values, Map<String, String> env) throws IOException {
    if (values.isEmpty()) {
      return new byte[0];
    }
    ObjectNode json = Jsons.object();
    for (String value : values) {
      Map<String, String> fields = fields(value);
      String id = fields.get("id");
      if (id == null || id.isEmpty()) {
        throw BerthException.invalid("invalid --secret \"%s\": it needs an id=", value);
      }
      json.put(id, Base64.getEncoder().encodeToString(content(value, id, fields, env)));
    }
    return Jsons.write(json).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> fields(String value) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw BerthException.invalid(
            "invalid --secret \"%s\": expected key=value fields (id, src, env, type)", value);
      }
      String key = part.substring(0, eq).strip();
      String v = part.substring(eq + 1).strip();
      switch (key) {
        case "id", "env", "type" -> fields.put(key, v);
        case "src", "source" -> fields.put("src", v);
        default ->
            throw BerthException.invalid(
                "invalid --secret \"%s\": unknown field %s (expected id, src, env, type)",
                value, key);
      }
    }
    return fields;
  }

  private static byte[] content(
      String value, String id, Map<String, String> fields, Map<String, String> env)
      throws IOException {
    String type = fields.getOrDefault("type", "");
    String envName = fields.get("env");
    String src = fields.get("src");
    if (type.equals("env") || envName != null || (src == null && env.containsKey(id))) {
      String name = envName != null ? envName : src != null ? src : id;
      String v = env.get(name);
      if (v == null) {
        throw BerthException.invalid(
            "invalid --secret \"%s\": the environment variable %s is not set", value, name);
      }
      return checked(value, v.getBytes(StandardCharsets.UTF_8));
    }
    Path file = Path.of(src != null ? src : id);
    if (!Files.isRegularFile(file)) {
      throw BerthException.notFound("--secret %s: the file %s does not exist", id, file);
    }
    if (Files.size(file) > MAX_SECRET) {
      throw BerthException.invalid(
          "--secret %s: %s is larger than %d bytes, the most a secret may hold",
          id, file, MAX_SECRET);
    }
    return checked(value, Files.readAllBytes(file));
  }

  private static byte[] checked(String value, byte[] bytes) {
    if (bytes.length > MAX_SECRET) {
      throw BerthException.invalid(
          "invalid --secret \"%s\": larger than %d bytes, the most a secret may hold",
          value, MAX_SECRET);
    }
    return bytes;
  }
}
