package io.berth.dockerfile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first layer of the Dockerfile frontend: reads the parser directives, joins continuation lines
 * (skipping comments and empty lines inside them, as Docker does), and collects the heredoc bodies
 * of RUN, COPY and ADD, giving one {@link Node} per instruction.
 */
public final class DockerfileScanner {

  /** The result of a scan: the directives, the nodes in order, the warnings on the way. */
  public record Scan(Directives directives, List<Node> nodes, List<ParseWarning> warnings) {}

  private static final Pattern DIRECTIVE =
      Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

  private final String file;
  private final List<String> lines;
  private final List<ParseWarning> warnings = new ArrayList<>();
  private int next;
  private char escape = '\\';

  private DockerfileScanner(String file, List<String> lines) {
    this.file = file;
    this.lines = lines;
  }

  /** Decodes {@code bytes} as UTF-8 (naming the first bad byte) and scans them. */
  public static Scan scan(String file, byte[] bytes) {
    return scan(file, decode(file, bytes));
  }

  /** Scans Dockerfile text. */
  public static Scan scan(String file, String text) {
    checkNoNul(file, text);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new DockerfileScanner(file, splitLines(text)).run();
  }

  private Scan run() {
    Directives directives = readDirectives();
    escape = directives.escape();
    List<Node> nodes = new ArrayList<>();
    while (next < lines.size()) {
      readInstruction().ifPresent(nodes::add);
    }
    return new Scan(directives, nodes, warnings);
  }

  // Directives: only at the very top, each once; the first other line ends them.
  private Directives readDirectives() {
    Optional<String> syntax = Optional.empty();
    char esc = '\\';
    Set<String> skip = new HashSet<>();
    boolean skipAll = false;
    boolean error = false;
    Set<String> seen = new HashSet<>();
    while (next < lines.size()) {
      Matcher m = DIRECTIVE.matcher(lines.get(next));
      if (!m.matches()) {
        break;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      if (!Set.of("syntax", "escape", "check").contains(key)) {
        break;
      }
      if (!seen.add(key)) {
        throw error(next + 1, 1, "only one " + key + " parser directive can be used");
      }
      switch (key) {
        case "syntax" -> syntax = Optional.of(value);
        case "escape" -> {
          if (!value.equals("\\") && !value.equals("`")) {
            throw error(next + 1, 1, "invalid escape token '" + value + "': expected \\ or `");
          }
          esc = value.charAt(0);
        }
        default -> {
          for (String part : value.split(";")) {
            String[] kv = part.trim().split("=", 2);
            String k = kv[0].trim();
            String v = kv.length == 2 ? kv[1].trim() : "";
            if (k.equals("skip")) {
              for (String rule : v.split(",")) {
                if (rule.trim().equalsIgnoreCase("all")) {
                  skipAll = true;
                } else if (!rule.isBlank()) {
                  skip.add(rule.trim());
                }
              }
            } else if (k.equals("error")) {
              if (!v.equals("true") && !v.equals("false")) {
                throw error(next + 1, 1, "check directive error=" + v + ": expected true or false");
              }
              error = v.equals("true");
            } else {
              throw error(
                  next + 1, 1, "check directive: unknown key '" + k + "' (expected skip or error)");
            }
          }
        }
      }
      next++;
    }
    return new Directives(syntax, esc, skip, skipAll, error);
  }

  private Optional<Node> readInstruction() {
    int startIndex = next;
    String first = lines.get(next++);
    String trimmed = stripLeading(first);
    if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
      return Optional.empty();
    }
    int startColumn = first.length() - trimmed.length() + 1;
    StringBuilder line = new StringBuilder();
    boolean done = appendTrimmingContinuation(line, trimmed);
    boolean emptyContinuation = false;
    while (!done && next < lines.size()) {
      String physical = lines.get(next++);
      String left = stripLeading(physical);
      if (!left.isEmpty() && left.charAt(0) == '#') {
        continue;
      }
      if (left.isEmpty()) {
        emptyContinuation = true;
        continue;
      }
      done = appendTrimmingContinuation(line, physical);
    }
    int endLine = next;
    String text = line.toString().strip();
    int split = firstWhitespace(text);
    String written = text.substring(0, split);
    String rest = stripLeading(text.substring(split));
    String keyword = written.toUpperCase(Locale.ROOT);
    if (emptyContinuation) {
      warnings.add(
          new ParseWarning(
              SourceRange.at(file, startIndex + 1, startColumn),
              "NoEmptyContinuation",
              "Empty continuation lines will become errors in a future release"));
    }
    List<Heredoc> heredocs = List.of();
    if (HEREDOC_INSTRUCTIONS.contains(keyword) && rest.contains("<<")) {
      heredocs = readHeredocs(rest, startIndex + 1, startColumn);
      endLine = next;
    }
    SourceRange range =
        new SourceRange(
            file, startIndex + 1, startColumn, endLine, Math.max(1, lastLength(endLine)));
    return Optional.of(new Node(keyword, written, rest, heredocs, range));
  }

  private int lastLength(int lineNumber) {
    return lines.get(lineNumber - 1).length();
  }

  // Appends a physical line without its trailing escape; returns whether the instruction ends.
  private boolean appendTrimmingContinuation(StringBuilder line, String physical) {
    int end = physical.length();
    while (end > 0 && (physical.charAt(end - 1) == ' ' || physical.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end > 0 && physical.charAt(end - 1) == escape) {
      line.append(physical, 0, end - 1);
      return false;
    }
    line.append(physical);
    return true;
  }

  private List<Heredoc> readHeredocs(String rest, int line, int column) {
    List<Heredoc> result = new ArrayList<>();
    for (String word : rawWords(rest)) {
      Matcher m = HEREDOC.matcher(word);
      if (!m.matches() || m.group(3).isEmpty()) {
        continue;
      }
      String raw = m.group(3);
      String name = unquote(raw);
      if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
        continue;
      }
      boolean chomp = !m.group(2).isEmpty();
      int fd = m.group(1).isEmpty() ? 0 : parseFd(m.group(1), line, column);
      result.add(readHeredocBody(name, !name.equals(raw), chomp, fd, line, column));
    }
    return result;
  }

  private int parseFd(String digits, int line, int column) {
    if (digits.length() > 4) {
      throw error(line, column, "heredoc file descriptor " + digits + " is too large");
    }
    return Integer.parseInt(digits);
  }

  private Heredoc readHeredocBody(
      String name, boolean quoted, boolean chomp, int fd, int line, int column) {
    StringBuilder body = new StringBuilder();
    while (next < lines.size()) {
      String physical = lines.get(next++);
      String content = chomp ? stripLeadingTabs(physical) : physical;
      if (content.equals(name)) {
        return new Heredoc(name, body.toString(), !quoted, chomp, fd);
      }
      body.append(content).append('\n');
    }
    throw error(
        line,
        column,
        "unterminated heredoc <<"
            + name
            + ": expected a line reading "
            + name
            + " before the end of the file");
  }

  // Words split on unquoted whitespace, quotes and escapes kept, as heredoc detection needs.
  static List<String> rawWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
        continue;
      }
      word.append(c);
      if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  private static String unquote(String raw) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote != '\'' && i + 1 < raw.length()) {
        out.append(raw.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private DockerfileException error(int line, int column, String reason) {
    return new DockerfileException(SourceRange.at(file, line, column), reason);
  }

  private static int firstWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return text.length();
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }

  private static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
        if (i < text.length() || start < text.length()) {
          lines.add(text.substring(start, end));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static void checkNoNul(String file, String text) {
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      int[] pos = position(text, nul);
      throw new DockerfileException(
          SourceRange.at(file, pos[0], pos[1]),
          "unexpected NUL byte: a Dockerfile must be UTF-8 text");
    }
  }

  private static int[] position(CharSequence text, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  private static String decode(String file, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      out.flip();
      int[] pos = position(out, out.length());
      throw new DockerfileException(
          SourceRange.at(file, pos[0], pos[1]),
          "invalid UTF-8 byte 0x%02x: a Dockerfile must be UTF-8 text"
              .formatted(bytes[in.position()] & 0xff));
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }
}
