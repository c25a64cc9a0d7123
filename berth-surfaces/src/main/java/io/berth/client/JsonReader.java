package io.berth.client;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads JSON text (RFC 8259) as UTF-8 from a stream into Jackson's tree nodes, one value after
 * another, reading no further than the end of each value so that a stream of messages is handed
 * over as they arrive. Numbers become what Jackson's {@code readTree} makes of them (int, long, big
 * integer, double). Written for the CLI's start: jackson-core's parser initialises {@code
 * BigDecimal} on first use, which alone costs a short command some 15 ms. Not thread-safe.
 */
final class JsonReader {
  /**
   * Deeper nesting is refused, as jackson-core refuses deep nesting: no input exhausts the stack.
   */
  static final int MAX_DEPTH = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final InputStream in;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64);
  private int peeked = -2; // -2: nothing peeked; -1: end of input
  private long offset; // of the next byte read

  JsonReader(InputStream in) {
    this.in = in;
  }

  /** The next value, or empty when only white space is left. */
  Optional<JsonNode> next() throws IOException {
    int c = skipSpace();
    return c < 0 ? Optional.empty() : Optional.of(value(c, 0));
  }

  private JsonNode value(int c, int depth) throws IOException {
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> NODES.textNode(string());
      case 't' -> literal("rue", NODES.booleanNode(true));
      case 'f' -> literal("alse", NODES.booleanNode(false));
      case 'n' -> literal("ull", NODES.nullNode());
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number(c);
        }
        throw error(c < 0 ? "the input ends where a value was expected" : unexpected(c, "a value"));
      }
    };
  }

  private ObjectNode object(int depth) throws IOException {
    checkDepth(depth);
    ObjectNode object = NODES.objectNode();
    int c = skipSpace();
    if (c == '}') {
      return object;
    }
    while (true) {
      if (c != '"') {
        throw error(unexpected(c, "a name in double quotes"));
      }
      String name = string();
      c = skipSpace();
      if (c != ':') {
        throw error(unexpected(c, "':' after a name"));
      }
      object.set(name, value(skipSpace(), depth));
      c = skipSpace();
      if (c == '}') {
        return object;
      }
      if (c != ',') {
        throw error(unexpected(c, "',' or '}' in an object"));
      }
      c = skipSpace();
    }
  }

  private ArrayNode array(int depth) throws IOException {
    checkDepth(depth);
    ArrayNode array = NODES.arrayNode();
    int c = skipSpace();
    if (c == ']') {
      return array;
    }
    while (true) {
      array.add(value(c, depth));
      c = skipSpace();
      if (c == ']') {
        return array;
      }
      if (c != ',') {
        throw error(unexpected(c, "',' or ']' in an array"));
      }
      c = skipSpace();
    }
  }

  /** The rest of a string whose opening quote was read. */
  private String string() throws IOException {
    StringBuilder text = null;
    pending.reset();
    while (true) {
      int c = read();
      if (c == '"') {
        String tail = pending.toString(StandardCharsets.UTF_8);
        return text == null ? tail : text.append(tail).toString();
      }
      if (c < 0) {
        throw error("the input ends inside a string");
      }
      if (c < 0x20) {
        throw error("a control character (code " + c + ") inside a string must be escaped");
      }
      if (c != '\\') {
        pending.write(c);
        continue;
      }
      if (text == null) {
        text = new StringBuilder();
      }
      text.append(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
      text.append(escape());
    }
  }

  private char escape() throws IOException {
    int c = read();
    return switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> (char) hex4();
      default -> throw error(unexpected(c, "an escape (one of \"\\/bfnrtu) after '\\'"));
    };
  }

  private int hex4() throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int c = read();
      int digit = Character.digit(c < 0 ? -1 : c, 16);
      if (c < 0 || digit < 0) {
        throw error(unexpected(c, "four hexadecimal digits after \\u"));
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private JsonNode number(int first) throws IOException {
    StringBuilder text = new StringBuilder().append((char) first);
    int c = first;
    if (first == '-') {
      c = read();
      if (c < '0' || c > '9') {
        throw error(unexpected(c, "a digit after '-'"));
      }
      text.append((char) c);
    }
    if (c != '0') {
      appendDigits(text);
    } else if (isDigit(peek())) {
      throw error("a number may not start with a leading zero");
    }
    boolean integer = true;
    if (peek() == '.') {
      integer = false;
      text.append((char) read());
      appendAtLeastOneDigit(text);
    }
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      text.append((char) read());
      if (peek() == '+' || peek() == '-') {
        text.append((char) read());
      }
      appendAtLeastOneDigit(text);
    }
    String number = text.toString();
    if (!integer) {
      return NODES.numberNode(Double.parseDouble(number));
    }
    if (number.length() <= 18) {
      long value = Long.parseLong(number);
      return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
    BigInteger big = new BigInteger(number);
    return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
  }

  private void appendDigits(StringBuilder text) throws IOException {
    while (isDigit(peek())) {
      text.append((char) read());
    }
  }

  private void appendAtLeastOneDigit(StringBuilder text) throws IOException {
    if (!isDigit(peek())) {
      throw error(unexpected(peek(), "a digit"));
    }
    appendDigits(text);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private JsonNode literal(String rest, JsonNode node) throws IOException {
    for (int i = 0; i < rest.length(); i++) {
      int c = read();
      if (c != rest.charAt(i)) {
        throw error(unexpected(c, "'" + rest.charAt(i) + "' of a literal (true, false, null)"));
      }
    }
    return node;
  }

  private void checkDepth(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private int skipSpace() throws IOException {
    int c = read();
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      c = read();
    }
    return c;
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  private int read() throws IOException {
    int c = peeked != -2 ? peeked : in.read();
    peeked = -2;
    if (c >= 0) {
      offset++;
    }
    return c;
  }

  private static String unexpected(int c, String expected) {
    if (c < 0) {
      return "the input ends where " + expected + " was expected";
    }
    String found =
        c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
    return "found " + found + " where " + expected + " was expected";
  }

  private JsonParseException error(String message) {
    return new JsonParseException(
        (JsonParser) null, "invalid JSON at byte " + offset + ": " + message);
  }
}
