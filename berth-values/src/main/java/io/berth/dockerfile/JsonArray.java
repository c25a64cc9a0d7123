package io.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker's test for the exec form: the text (after leading spaces) must be exactly one JSON array;
 * if it is not JSON at all it is shell form, and a JSON array holding anything but strings is an
 * error.
 */
final class JsonArray {

  /** The outcome: not JSON (shell form), an array of strings, or an array with a non-string. */
  sealed interface Result {}

  record NotJson() implements Result {}

  record Strings(List<String> values) implements Result {}

  record NotStrings() implements Result {}

  private static final int MAX_DEPTH = 1000;

  private final String text;
  private int pos;
  private boolean onlyStrings = true;

  private JsonArray(String text) {
    this.text = text;
  }

  static Result parse(String text) {
    String t = text.strip();
    if (!t.startsWith("[")) {
      return new NotJson();
    }
    JsonArray p = new JsonArray(t);
    Optional<List<String>> values = p.topArray();
    if (values.isEmpty()) {
      return new NotJson();
    }
    p.skipSpace();
    if (p.pos != t.length()) {
      return new NotJson();
    }
    return p.onlyStrings ? new Strings(values.get()) : new NotStrings();
  }

  private Optional<List<String>> topArray() {
    pos++;
    List<String> values = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Optional.of(values);
    }
    while (true) {
      skipSpace();
      if (peek() == '"') {
        Optional<String> s = string();
        if (s.isEmpty()) {
          return Optional.empty();
        }
        values.add(s.get());
      } else {
        onlyStrings = false;
        if (!value(1)) {
          return Optional.empty();
        }
      }
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') {
        return Optional.of(values);
      }
      if (c != ',') {
        return Optional.empty();
      }
    }
  }

  // Skips any JSON value; false when it is malformed or nests too deep.
  private boolean value(int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    skipSpace();
    char c = peek();
    if (c == '"') {
      return string().isPresent();
    }
    if (c == '[' || c == '{') {
      return container(c, depth);
    }
    for (String word : List.of("true", "false", "null")) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return true;
      }
    }
    return number();
  }

  private boolean container(char open, int depth) {
    char close = open == '[' ? ']' : '}';
    pos++;
    skipSpace();
    if (peek() == close) {
      pos++;
      return true;
    }
    while (true) {
      skipSpace();
      if (open == '{') {
        if (peek() != '"' || string().isEmpty()) {
          return false;
        }
        skipSpace();
        if (peek() != ':') {
          return false;
        }
        pos++;
      }
      if (!value(depth + 1)) {
        return false;
      }
      skipSpace();
      char c = peek();
      pos++;
      if (c == close) {
        return true;
      }
      if (c != ',') {
        return false;
      }
    }
  }

  private boolean number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (Character.isDigit(peek()) && peek() < 128) {
      pos++;
    }
    if (pos == digits) {
      return false;
    }
    if (peek() == '.') {
      pos++;
      int frac = pos;
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
      if (pos == frac) {
        return false;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      int exp = pos;
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
      if (pos == exp) {
        return false;
      }
    }
    return pos > start;
  }

  private Optional<String> string() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return Optional.of(out.toString());
      }
      if (c < 0x20) {
        return Optional.empty();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        return Optional.empty();
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            return Optional.empty();
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            return Optional.empty();
          }
          pos += 4;
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
