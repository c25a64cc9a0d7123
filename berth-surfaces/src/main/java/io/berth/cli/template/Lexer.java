package io.berth.cli.template;

import java.util.ArrayList;
import java.util.List;

/** Splits a template into text and action tokens, Go text/template style. */
final class Lexer {

  /** The kinds of token inside and around actions. */
  enum Kind {
    TEXT,
    LEFT,
    RIGHT,
    FIELD,
    VARIABLE,
    DOT,
    IDENT,
    STRING,
    NUMBER,
    PIPE,
    LPAREN,
    RPAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }

  /** One token and the offset it starts at. */
  record Token(Kind kind, String text, int pos) {}

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.tokens;
  }

  private void run() {
    while (pos < input.length()) {
      int open = input.indexOf("{{", pos);
      if (open < 0) {
        emitText(input.substring(pos), pos);
        pos = input.length();
        break;
      }
      boolean trimLeft = input.startsWith("{{- ", open) || startsTrimmed(open);
      String text = input.substring(pos, open);
      emitText(trimLeft ? text.stripTrailing() : text, pos);
      pos = open + (trimLeft ? 3 : 2);
      lexAction(open);
    }
    tokens.add(new Token(Kind.EOF, "", input.length()));
  }

  private boolean startsTrimmed(int open) {
    return input.startsWith("{{-", open)
        && open + 3 < input.length()
        && isSpace(input.charAt(open + 3));
  }

  private void emitText(String text, int at) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Kind.TEXT, text, at));
    }
  }

  private void lexAction(int open) {
    skipSpaces();
    if (input.startsWith("/*", pos)) {
      int end = input.indexOf("*/", pos + 2);
      if (end < 0) {
        throw Template.parseError(input, open, "unclosed comment");
      }
      pos = end + 2;
      skipSpaces();
      if (!closeAction(open)) {
        throw Template.parseError(input, open, "comment ends before closing delimiter");
      }
      return;
    }
    tokens.add(new Token(Kind.LEFT, "{{", open));
    while (true) {
      skipSpaces();
      if (pos >= input.length()) {
        throw Template.parseError(input, open, "unclosed action");
      }
      int at = pos;
      if (closeAction(open)) {
        tokens.add(new Token(Kind.RIGHT, "}}", at));
        return;
      }
      lexToken(open);
    }
  }

  /** Consumes {@code }}} or {@code -}}} (trimming following spaces); false when not there. */
  private boolean closeAction(int open) {
    if (input.startsWith("-}}", pos) && pos > 0 && isSpace(input.charAt(pos - 1))) {
      pos += 3;
      int end = pos;
      while (end < input.length() && isSpace(input.charAt(end))) {
        end++;
      }
      pos = end;
      return true;
    }
    if (input.startsWith("}}", pos)) {
      pos += 2;
      return true;
    }
    return false;
  }

  private void lexToken(int open) {
    char c = input.charAt(pos);
    int start = pos;
    switch (c) {
      case '|' -> add(Kind.PIPE, start, ++pos);
      case '(' -> add(Kind.LPAREN, start, ++pos);
      case ')' -> add(Kind.RPAREN, start, ++pos);
      case ',' -> add(Kind.COMMA, start, ++pos);
      case '=' -> add(Kind.ASSIGN, start, ++pos);
      case ':' -> {
        if (!input.startsWith(":=", pos)) {
          throw Template.parseError(input, start, "expected :=");
        }
        pos += 2;
        add(Kind.DECLARE, start, pos);
      }
      case '"' -> lexQuoted(open);
      case '`' -> lexRaw(open);
      case '$' -> {
        pos++;
        while (pos < input.length() && isAlnum(input.charAt(pos))) {
          pos++;
        }
        lexChain(start, Kind.VARIABLE);
      }
      case '.' -> {
        if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
          lexNumber();
        } else {
          lexChain(start, Kind.FIELD);
        }
      }
      default -> {
        if (Character.isDigit(c) || ((c == '-' || c == '+') && nextIsDigit())) {
          lexNumber();
        } else if (isAlnum(c)) {
          while (pos < input.length() && isAlnum(input.charAt(pos))) {
            pos++;
          }
          add(Kind.IDENT, start, pos);
        } else {
          throw Template.parseError(
              input, start, "unexpected \"" + c + "\" in " + (c == '}' ? "operand" : "command"));
        }
      }
    }
  }

  /** A field or variable with its {@code .Name} chain; a bare {@code .} is DOT. */
  private void lexChain(int start, Kind kind) {
    while (pos < input.length() && input.charAt(pos) == '.') {
      int nameStart = pos + 1;
      int end = nameStart;
      while (end < input.length() && isAlnum(input.charAt(end))) {
        end++;
      }
      if (end == nameStart) {
        break;
      }
      pos = end;
    }
    if (kind == Kind.FIELD && pos == start) {
      pos++;
      add(Kind.DOT, start, pos);
      return;
    }
    add(kind, start, pos);
  }

  private void lexNumber() {
    int start = pos;
    if (input.charAt(pos) == '-' || input.charAt(pos) == '+') {
      pos++;
    }
    while (pos < input.length()
        && (isAlnum(input.charAt(pos))
            || input.charAt(pos) == '.'
            || ((input.charAt(pos) == '-' || input.charAt(pos) == '+')
                && (input.charAt(pos - 1) == 'e' || input.charAt(pos - 1) == 'E')))) {
      pos++;
    }
    add(Kind.NUMBER, start, pos);
  }

  private void lexQuoted(int open) {
    int start = pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= input.length() || input.charAt(pos) == '\n') {
        throw Template.parseError(input, start, "unterminated quoted string");
      }
      char c = input.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        value.append(unescape(start));
      } else {
        value.append(c);
      }
    }
    tokens.add(new Token(Kind.STRING, value.toString(), start));
  }

  private String unescape(int start) {
    if (pos >= input.length()) {
      throw Template.parseError(input, start, "unterminated quoted string");
    }
    char e = input.charAt(pos++);
    return switch (e) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'r' -> "\r";
      case '\\' -> "\\";
      case '"' -> "\"";
      case '\'' -> "'";
      case 'a' -> "\u0007";
      case 'b' -> "\b";
      case 'f' -> "\f";
      case 'v' -> "\u000b";
      case 'x' -> hex(start, 2);
      case 'u' -> hex(start, 4);
      case 'U' -> hex(start, 8);
      default -> throw Template.parseError(input, start, "invalid syntax: unknown escape \\" + e);
    };
  }

  private String hex(int start, int digits) {
    if (pos + digits > input.length()) {
      throw Template.parseError(input, start, "invalid syntax: short escape");
    }
    try {
      int cp = Integer.parseInt(input.substring(pos, pos + digits), 16);
      pos += digits;
      return Character.toString(cp);
    } catch (IllegalArgumentException e) {
      throw Template.parseError(input, start, "invalid syntax: bad escape");
    }
  }

  private void lexRaw(int open) {
    int start = pos;
    int end = input.indexOf('`', pos + 1);
    if (end < 0) {
      throw Template.parseError(input, start, "unterminated raw quoted string");
    }
    tokens.add(new Token(Kind.STRING, input.substring(pos + 1, end), start));
    pos = end + 1;
  }

  private void add(Kind kind, int start, int end) {
    tokens.add(new Token(kind, input.substring(start, end), start));
  }

  private void skipSpaces() {
    while (pos < input.length() && isSpace(input.charAt(pos))) {
      pos++;
    }
  }

  private boolean nextIsDigit() {
    return pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1));
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
