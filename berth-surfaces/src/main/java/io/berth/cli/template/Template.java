package io.berth.cli.template;

import io.berth.errors.BerthException;
import java.util.List;
import java.util.Objects;

/**
 * A Go text/template as docker's {@code --format} takes it, parsed once and executed against plain
 * Java values ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}, records,
 * Jackson {@code JsonNode}s, {@code null}). Immutable and thread-safe.
 */
public final class Template {
  private final String source;
  private final List<Node> nodes;

  private Template(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = nodes;
  }

  /**
   * Parses {@code source}; a syntax error is an INVALID_ARGUMENT whose message reads like docker's:
   * {@code template parsing error: template: :1:7: unexpected "}" in operand}.
   */
  public static Template parse(String source) {
    Objects.requireNonNull(source, "template");
    return new Template(source, List.copyOf(Parser.parse(source)));
  }

  /** Runs the template against {@code data}; an error names the position and the cause. */
  public String execute(Object data) {
    StringBuilder out = new StringBuilder();
    new Exec(source, out).run(nodes, data);
    return out.toString();
  }

  /** The text this template was parsed from. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }

  static BerthException parseError(String source, int offset, String message) {
    return BerthException.invalid(
        "template parsing error: template: :%s: %s", position(source, offset), message);
  }

  static BerthException execError(String source, int offset, String message) {
    return BerthException.invalid(
        "template: :%s: executing \"\" at <%s>: %s",
        position(source, offset), snippet(source, offset), message);
  }

  /** {@code line:column}, both from 1, of {@code offset}. */
  private static String position(String source, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(offset, source.length()); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return line + ":" + column;
  }

  private static String snippet(String source, int offset) {
    int start = Math.min(offset, source.length());
    if (source.startsWith("{{", start)) {
      start += 2;
    }
    int end = source.indexOf("}}", start);
    String text = source.substring(start, end < 0 ? source.length() : end).strip();
    if (text.startsWith("-")) {
      text = text.substring(1).strip();
    }
    return text.endsWith("-") ? text.substring(0, text.length() - 1).strip() : text;
  }
}
