package io.berth.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON text to and from Jackson's tree model with the streaming parser and generator alone: an
 * {@code ObjectMapper} costs a short-lived CLI more to set up (tens of milliseconds of class
 * initialisation) than a whole command takes otherwise, and the client only ever exchanges trees.
 * Numbers keep their kind (int, long, big integer, double, big decimal) as {@code readTree} does;
 * of duplicate names the last wins. Thread-safe.
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

  /** The one JSON value in {@code bytes}; the missing node when they hold none. */
  public static JsonNode read(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      return readOne(parser);
    }
  }

  /** The one JSON value in {@code text}; the missing node when it holds none. */
  public static JsonNode read(String text) throws IOException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      return readOne(parser);
    }
  }

  /** The first JSON value read from {@code in}; the missing node when it holds none. */
  public static JsonNode read(InputStream in) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      return readOne(parser);
    }
  }

  /** Reads concatenated JSON values one at a time as they arrive, until the stream ends. */
  public static void readEach(InputStream in, Consumer<JsonNode> onValue) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      while (parser.nextToken() != null) {
        onValue.accept(value(parser));
      }
    }
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
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static JsonNode readOne(JsonParser parser) throws IOException {
    return parser.nextToken() == null ? NODES.missingNode() : value(parser);
  }

  /** The value whose first token the parser is on. */
  private static JsonNode value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT ->
          parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
              ? NODES.numberNode(parser.getDecimalValue())
              : NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(parser.getEmbeddedObject());
      default ->
          throw new IOException(
              "unexpected JSON token " + token + " at " + parser.currentLocation());
    };
  }

  private static JsonNode integer(JsonParser parser) throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  private static ObjectNode object(JsonParser parser) throws IOException {
    ObjectNode object = NODES.objectNode();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      parser.nextToken();
      object.set(name, value(parser));
    }
    return object;
  }

  private static ArrayNode array(JsonParser parser) throws IOException {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(value(parser));
    }
    return array;
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
