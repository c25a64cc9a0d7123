package io.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.client.JsonTrees;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The CLI's JSON: request bodies written, answers and streams of messages read, as Jackson trees
 * through {@link JsonTrees} (no {@code ObjectMapper}, whose set-up alone would double a short
 * command's time).
 */
final class Jsons {
  private Jsons() {}

  static String write(JsonNode value) {
    return JsonTrees.text(value);
  }

  static ObjectNode object() {
    return JsonTrees.object();
  }

  static ArrayNode array() {
    return JsonTrees.array();
  }

  /** The JSON value in {@code text}. */
  static JsonNode read(String text) {
    try {
      return JsonTrees.read(text);
    } catch (JsonProcessingException e) {
      throw new BerthException(
          ErrorKind.INTERNAL, "cannot read JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BerthException(ErrorKind.INTERNAL, "cannot read JSON: " + e.getMessage(), e);
    }
  }

  /** The first JSON value read from {@code in}. */
  static JsonNode read(InputStream in) throws IOException {
    return JsonTrees.read(in);
  }

  /** Reads concatenated JSON messages from {@code in}, handing each to {@code onMessage}. */
  static void messages(InputStream in, Consumer<JsonNode> onMessage) throws IOException {
    JsonTrees.readEach(in, onMessage);
  }
}
