package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** The CLI's JSON: request bodies written, and streams of messages read. */
final class Jsons {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Jsons() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new BerthException(ErrorKind.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Reads concatenated JSON messages from {@code in}, handing each to {@code onMessage}. */
  static void messages(InputStream in, Consumer<JsonNode> onMessage) throws IOException {
    try (var values = MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(in)) {
      while (values.hasNextValue()) {
        onMessage.accept(values.nextValue());
      }
    }
  }
}
