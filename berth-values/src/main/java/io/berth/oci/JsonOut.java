package io.berth.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON as Go's encoding/json writes it: fields in the order the caller adds them (the Go
 * struct order), map keys sorted, no whitespace, and {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 escaped as {@code \u003c} and so on, so that equal values give equal digests.
 */
final class JsonOut {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final ObjectWriter WRITER = JsonIn.MAPPER.writer().with(new GoEscapes());

  private JsonOut() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /** An object whose keys are {@code keys} and values empty objects (ExposedPorts, Volumes). */
  static ObjectNode keySet(Collection<String> keys) {
    ObjectNode o = object();
    keys.stream().sorted().forEach(k -> o.set(k, object()));
    return o;
  }

  static ObjectNode stringMap(Map<String, String> map) {
    ObjectNode o = object();
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> o.put(e.getKey(), e.getValue()));
    return o;
  }

  static void putIfNotEmpty(ObjectNode o, String name, String value) {
    if (!value.isEmpty()) {
      o.put(name, value);
    }
  }

  static void putIfNotEmpty(ObjectNode o, String name, Collection<String> values) {
    if (!values.isEmpty()) {
      o.set(name, strings(values));
    }
  }

  static void putIfNotEmpty(ObjectNode o, String name, Map<String, String> map) {
    if (!map.isEmpty()) {
      o.set(name, stringMap(map));
    }
  }

  /** Adds the unknown fields kept from a parsed document, sorted, after the known ones. */
  static void putExtra(ObjectNode o, Map<String, String> extra) {
    extra.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> o.set(e.getKey(), sorted(readRaw(e.getKey(), e.getValue()))));
  }

  /** RFC 3339 with the fraction trimmed of trailing zeros, as Go's time.RFC3339Nano writes. */
  static String time(Instant instant) {
    String text = SECONDS.format(instant);
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
      text += "." + fraction;
    }
    return text + "Z";
  }

  static byte[] bytes(JsonNode node) {
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw BerthException.internal("cannot write JSON", e);
    }
  }

  private static JsonNode readRaw(String name, String text) {
    try {
      return JsonIn.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw BerthException.invalid("extra field %s is not valid JSON: %s", name, text);
    }
  }

  /** {@code node} with the keys of every object sorted, as Go writes a decoded map. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      ObjectNode out = object();
      names.forEach(n -> out.set(n, sorted(node.get(n))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(child -> out.add(sorted(child)));
      return out;
    }
    return node;
  }

  /**
   * Go's escaping: {@code <>&} and the JavaScript line separators as {@code \u003c} and so on,
   * control characters other than the short forms in lower-case hex.
   */
  private static final class GoEscapes extends CharacterEscapes {
    private final int[] table = standardAsciiEscapesForJSON();

    GoEscapes() {
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
      for (int c = 0; c < 0x20; c++) {
        if ("\n\r\t\b\f".indexOf(c) < 0) {
          table[c] = ESCAPE_CUSTOM;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      boolean escaped =
          ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029;
      return escaped ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
