package io.berth.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A position in a JSON document being read: the node and its field path, so every error names the
 * document, the path and what was expected.
 */
final class JsonIn {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String document;
  private final String path;
  private final JsonNode node;

  private JsonIn(String document, String path, JsonNode node) {
    this.document = document;
    this.path = path;
    this.node = node;
  }

  /** The root of {@code bytes}, which must be one JSON value. */
  static JsonIn root(String document, byte[] bytes) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw BerthException.invalid(
          "%s: malformed JSON at line %d, column %d: %s",
          document,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
          e.getOriginalMessage());
    } catch (IOException e) {
      throw BerthException.invalid("%s: unreadable JSON: %s", document, e.getMessage());
    }
    if (tree == null || tree.isMissingNode()) {
      throw BerthException.invalid("%s: empty document", document);
    }
    return new JsonIn(document, "", tree);
  }

  JsonNode node() {
    return node;
  }

  String path() {
    return path.isEmpty() ? "(root)" : path;
  }

  /** Whether {@code name} is present and not null. */
  boolean has(String name) {
    JsonNode child = node.get(name);
    return child != null && !child.isNull();
  }

  JsonIn field(String name) {
    JsonNode child = node.get(name);
    String childPath = path.isEmpty() ? name : path + "." + name;
    return new JsonIn(document, childPath, child == null ? NullNode.getInstance() : child);
  }

  private JsonIn element(int i, JsonNode child) {
    String base = path.isEmpty() ? "" : path;
    return new JsonIn(document, base + "[" + i + "]", child);
  }

  BerthException error(String format, Object... args) {
    String message = format.formatted(args);
    return path.isEmpty()
        ? BerthException.invalid("%s: %s", document, message)
        : BerthException.invalid("%s: %s: %s", document, path, message);
  }

  /** {@code e} with this position put in front, unless it already names a position. */
  BerthException wrap(BerthException e) {
    return e.getMessage().startsWith(document + ": ") ? e : error("%s", e.getMessage());
  }

  JsonIn requireObject() {
    if (!node.isObject()) {
      throw error("expected an object, got %s", kind(node));
    }
    return this;
  }

  /** This node as text; it must be a string. */
  String text() {
    if (!node.isTextual()) {
      throw error("expected a string, got %s", kind(node));
    }
    return node.textValue();
  }

  /** This node's text turned into a value by {@code parser}, whose error gets the path. */
  <T> T as(Function<String, T> parser) {
    String text = text();
    try {
      return parser.apply(text);
    } catch (BerthException e) {
      throw wrap(e);
    }
  }

  String string(String name) {
    JsonIn f = field(name);
    if (f.node.isNull()) {
      throw f.error("required string is missing");
    }
    return f.text();
  }

  /** The string {@code name}, or "" when missing or null (Go's omitempty). */
  String stringOrEmpty(String name) {
    return optString(name).orElse("");
  }

  Optional<String> optString(String name) {
    return has(name) ? Optional.of(field(name).text()) : Optional.empty();
  }

  <T> Optional<T> opt(String name, Function<JsonIn, T> reader) {
    return has(name) ? Optional.of(reader.apply(field(name))) : Optional.empty();
  }

  <T> T required(String name, Function<JsonIn, T> reader) {
    JsonIn f = field(name);
    if (f.node.isNull()) {
      throw f.error("required field is missing");
    }
    return reader.apply(f);
  }

  long longValue(String name) {
    JsonIn f = field(name);
    if (f.node.isNull()) {
      throw f.error("required number is missing");
    }
    return f.asLong();
  }

  long asLong() {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error("expected an integer, got %s", kind(node));
    }
    return node.longValue();
  }

  long longOrZero(String name) {
    return has(name) ? field(name).asLong() : 0;
  }

  boolean bool(String name) {
    if (!has(name)) {
      return false;
    }
    JsonIn f = field(name);
    if (!f.node.isBoolean()) {
      throw f.error("expected true or false, got %s", kind(f.node));
    }
    return f.node.booleanValue();
  }

  Optional<Instant> optTime(String name) {
    return opt(name, f -> f.as(JsonIn::parseTime));
  }

  /** The array {@code name} read element by element; missing or null is empty. */
  <T> List<T> list(String name, Function<JsonIn, T> reader) {
    if (!has(name)) {
      return List.of();
    }
    return field(name).elements(reader);
  }

  /** This node, an array, read element by element. */
  <T> List<T> elements(Function<JsonIn, T> reader) {
    if (!node.isArray()) {
      throw error("expected an array, got %s", kind(node));
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(reader.apply(element(i, node.get(i))));
    }
    return out;
  }

  List<String> strings(String name) {
    return list(name, JsonIn::text);
  }

  /** The object {@code name} read entry by entry, in document order; missing or null is empty. */
  <T> Map<String, T> map(String name, Function<JsonIn, T> reader) {
    if (!has(name)) {
      return Map.of();
    }
    JsonIn f = field(name).requireObject();
    Map<String, T> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = f.node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), reader.apply(f.field(e.getKey())));
    }
    return out;
  }

  Map<String, String> stringMap(String name) {
    return map(name, JsonIn::text);
  }

  /** The keys of an object used as a set, like ExposedPorts ({@code {"80/tcp": {}}}). */
  Set<String> keySet(String name) {
    return new TreeSet<>(map(name, f -> f.requireObject()).keySet());
  }

  /** The fields not in {@code known}, each as its compact JSON text. */
  Map<String, String> extra(Set<String> known) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!known.contains(e.getKey())) {
        out.put(e.getKey(), JsonOut.sorted(e.getValue()).toString());
      }
    }
    return out;
  }

  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw BerthException.invalid("invalid timestamp \"%s\": expected RFC 3339", text);
    }
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "string \"" + n.textValue() + "\"";
      case NUMBER -> "number " + n;
      case BOOLEAN -> n.toString();
      case NULL, MISSING -> "null";
      default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
