package io.berth.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON text to and from Jackson's tree model without an {@code ObjectMapper}, which costs a
 * short-lived CLI more to set up (tens of milliseconds of class initialisation) than a whole
 * command takes otherwise; the client only ever exchanges trees. Text is read by {@link JsonReader}
 * and written by jackson-core's generator. Numbers keep their kind (int, long, big integer, double)
 * as {@code readTree} makes them; of duplicate names the last wins. Thread-safe.
 */
public final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** An empty JSON object to fill. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** An empty JSON array to fill. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The first JSON value in {@code bytes}; the missing node when they hold none. */
  public static JsonNode read(byte[] bytes) throws IOException {
    return read(new ByteArrayInputStream(bytes));
  }

  /** The first JSON value in {@code text}; the missing node when it holds none. */
  public static JsonNode read(String text) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The first JSON value read from {@code in}; the missing node when it holds none. */
  public static JsonNode read(InputStream in) throws IOException {
    return new JsonReader(buffered(in)).next().orElseGet(NODES::missingNode);
  }

  /** Reads concatenated JSON values one at a time as they arrive, until the stream ends. */
  public static void readEach(InputStream in, Consumer<JsonNode> onValue) throws IOException {
    JsonReader reader = new JsonReader(buffered(in));
    for (var value = reader.next(); value.isPresent(); value = reader.next()) {
      onValue.accept(value.get());
    }
  }

  private static InputStream buffered(InputStream in) {
    return in instanceof ByteArrayInputStream || in instanceof BufferedInputStream
        ? in
        : new BufferedInputStream(in, 8192);
  }

  /** {@code node} as compact JSON in UTF-8. */
  public static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(node, generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  /** {@code node} as compact JSON text. */
  public static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          out.writeFieldName(field.getKey());
          write(field.getValue(), out);
        }
        out.writeEndObject();
      }
      case ARRAY -> {
        out.writeStartArray();
        for (JsonNode element : node) {
          write(element, out);
        }
        out.writeEndArray();
      }
      case STRING -> out.writeString(node.textValue());
      case NUMBER -> number(node, out);
      case BOOLEAN -> out.writeBoolean(node.booleanValue());
      case BINARY -> out.writeBinary(node.binaryValue());
      case POJO -> out.writeString(String.valueOf(((POJONode) node).getPojo()));
      case NULL, MISSING -> out.writeNull();
    }
  }

  private static void number(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.numberType()) {
      case INT -> out.writeNumber(node.intValue());
      case LONG -> out.writeNumber(node.longValue());
      case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
      case FLOAT -> out.writeNumber(node.floatValue());
      case DOUBLE -> out.writeNumber(node.doubleValue());
      case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
    }
  }
}
