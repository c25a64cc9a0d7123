package io.berth.dockerfile;

import io.berth.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's shell-word lexer for the instructions the builder expands: single and double quotes, the
 * escape character, {@code $v}, {@code ${v}} and every {@code ${v...}} form of the reference
 * ({@code :-}, {@code -}, {@code :+}, {@code +}, {@code :?}, {@code ?}, {@code #}, {@code ##},
 * {@code %}, {@code %%}, {@code /}, {@code //}). Stateless and thread-safe; errors are {@link
 * BerthException}s of kind INVALID_ARGUMENT without a location, which the caller adds.
 */
public final class ShellWordExpander {

  /** How deep {@code ${a:-${b:-...}}} may nest before the word is rejected. */
  public static final int MAX_DEPTH = 64;

  private final char escape;

  public ShellWordExpander(char escape) {
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape must be \\ or `, got " + escape);
    }
    this.escape = escape;
  }

  /** Expands {@code word} into one string, quotes removed. */
  public String expand(String word, Function<String, Optional<String>> env) {
    return expand(word, env, name -> {});
  }

  /**
   * Expands {@code word} into one string; {@code undefined} hears each variable used without a
   * default ({@code $v}, {@code ${v}}, {@code ${v#p}}...) that {@code env} does not know.
   */
  public String expand(
      String word, Function<String, Optional<String>> env, Consumer<String> undefined) {
    Lexer lexer = new Lexer(word, env, undefined);
    return lexer.word(0, -1).text.toString();
  }

  /**
   * Expands {@code word} and splits it into words on unquoted whitespace, including whitespace that
   * unquoted variables bring, as Docker does for EXPOSE, VOLUME, COPY and ADD sources.
   */
  public List<String> expandWords(
      String word, Function<String, Optional<String>> env, Consumer<String> undefined) {
    Lexer lexer = new Lexer(word, env, undefined);
    return lexer.word(0, -1).words.finish();
  }

  /** Accumulates words, splitting on whitespace that was not quoted. */
  private static final class WordList {
    final List<String> done = new ArrayList<>();
    final StringBuilder current = new StringBuilder();
    boolean inWord;

    void add(char c) {
      if (Character.isWhitespace(c)) {
        flush();
      } else {
        current.append(c);
        inWord = true;
      }
    }

    void addString(String s) {
      for (int i = 0; i < s.length(); i++) {
        add(s.charAt(i));
      }
    }

    void addRaw(char c) {
      current.append(c);
      inWord = true;
    }

    void addRawString(String s) {
      current.append(s);
      inWord = true;
    }

    void flush() {
      if (inWord) {
        done.add(current.toString());
        current.setLength(0);
        inWord = false;
      }
    }

    List<String> finish() {
      flush();
      return List.copyOf(done);
    }
  }

  /** The result of reading a word: its text and its split words. */
  private record Result(StringBuilder text, WordList words) {}

  /** One pass over one input word. */
  private final class Lexer {
    private final String in;
    private final Function<String, Optional<String>> env;
    private final Consumer<String> undefined;
    private int pos;

    Lexer(String in, Function<String, Optional<String>> env, Consumer<String> undefined) {
      this.in = in;
      this.env = env;
      this.undefined = undefined;
    }

    // Reads until EOF or an unquoted stop character (-1 for none), not consuming it.
    Result word(int depth, int stop) {
      return word(depth, stop, -1, false);
    }

    Result word(int depth, int stop, int stop2, boolean rawEscapes) {
      StringBuilder text = new StringBuilder();
      WordList words = new WordList();
      while (pos < in.length()) {
        char c = in.charAt(pos);
        if (c == stop || c == stop2) {
          break;
        }
        pos++;
        if (c == '\'') {
          String s = singleQuoted();
          text.append(s);
          words.addRawString(s);
        } else if (c == '"') {
          String s = doubleQuoted(depth);
          text.append(s);
          words.addRawString(s);
        } else if (c == '$') {
          String s = dollar(depth);
          text.append(s);
          words.addString(s);
        } else if (c == escape) {
          if (rawEscapes) {
            text.append(c);
          }
          if (pos >= in.length()) {
            break;
          }
          char next = in.charAt(pos++);
          text.append(next);
          words.addRaw(next);
        } else {
          text.append(c);
          words.add(c);
        }
      }
      return new Result(text, words);
    }

    private String singleQuoted() {
      int end = in.indexOf('\'', pos);
      if (end < 0) {
        throw BerthException.invalid(
            "unexpected end of statement while looking for matching single-quote");
      }
      String s = in.substring(pos, end);
      pos = end + 1;
      return s;
    }

    private String doubleQuoted(int depth) {
      StringBuilder out = new StringBuilder();
      while (pos < in.length()) {
        char c = in.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '$') {
          out.append(dollar(depth));
        } else if (c == escape) {
          if (pos >= in.length()) {
            continue;
          }
          char next = in.charAt(pos);
          if (next == '"' || next == '$' || next == escape) {
            out.append(next);
            pos++;
          } else {
            out.append(c);
          }
        } else {
          out.append(c);
        }
      }
      throw BerthException.invalid(
          "unexpected end of statement while looking for matching double-quote");
    }

    private String dollar(int depth) {
      if (pos >= in.length()) {
        return "$";
      }
      if (in.charAt(pos) != '{') {
        String name = name();
        if (name.isEmpty()) {
          return "$";
        }
        return lookup(name, true).orElse("");
      }
      if (depth >= MAX_DEPTH) {
        throw BerthException.invalid(
            "variable substitution nested deeper than %d levels", MAX_DEPTH);
      }
      pos++;
      String name = name();
      if (name.isEmpty()) {
        throw BerthException.invalid("bad substitution: expected a variable name after ${");
      }
      if (pos >= in.length()) {
        throw BerthException.invalid("missing '}' in ${%s", name);
      }
      char c = in.charAt(pos++);
      return switch (c) {
        case '}' -> lookup(name, true).orElse("");
        case ':' -> colonModifier(name, depth);
        case '-', '+', '?' -> modifier(name, c, false, depth);
        case '#', '%' -> trim(name, c, depth);
        case '/' -> replace(name, depth);
        default ->
            throw BerthException.invalid(
                "unsupported modifier (%s) in substitution ${%s%s...}", c, name, c);
      };
    }

    private String colonModifier(String name, int depth) {
      if (pos >= in.length()) {
        throw BerthException.invalid("missing '}' in ${%s:", name);
      }
      char m = in.charAt(pos++);
      if (m != '-' && m != '+' && m != '?') {
        throw BerthException.invalid(
            "unsupported modifier (:%s) in substitution ${%s:%s...}", m, name, m);
      }
      return modifier(name, m, true, depth);
    }

    private String modifier(String name, char m, boolean colon, int depth) {
      List<String> quiet = new ArrayList<>();
      String word = nested(depth, quiet);
      Optional<String> value = lookup(name, false);
      boolean set = colon ? value.filter(v -> !v.isEmpty()).isPresent() : value.isPresent();
      String result =
          switch (m) {
            case '-' -> set ? value.get() : word;
            case '+' -> set ? word : "";
            default -> {
              if (!set) {
                throw BerthException.invalid(
                    "%s: %s", name, word.isEmpty() ? "is not allowed to be unset" : word);
              }
              yield value.get();
            }
          };
      if ((m == '-' && !set) || (m == '+' && set)) {
        quiet.forEach(undefined);
      }
      return result;
    }

    private String nested(int depth, List<String> quiet) {
      Lexer inner = new Lexer(in, env, quiet::add);
      inner.pos = pos;
      Result r = inner.word(depth + 1, '}');
      pos = inner.pos;
      closeBrace();
      return r.text.toString();
    }

    private String trim(String name, char kind, int depth) {
      boolean longest = pos < in.length() && in.charAt(pos) == kind;
      if (longest) {
        pos++;
      }
      String pattern = rawPattern(depth, '}', -1);
      closeBrace();
      String value = lookup(name, true).orElse("");
      Pattern glob = glob(pattern);
      int n = value.length();
      for (int k = 0; k <= n; k++) {
        int len = longest ? n - k : k;
        String part = kind == '#' ? value.substring(0, len) : value.substring(n - len);
        if (glob.matcher(part).matches()) {
          return kind == '#' ? value.substring(len) : value.substring(0, n - len);
        }
      }
      return value;
    }

    private String replace(String name, int depth) {
      boolean all = pos < in.length() && in.charAt(pos) == '/';
      if (all) {
        pos++;
      }
      String pattern = rawPattern(depth, '/', '}');
      String replacement = "";
      if (pos < in.length() && in.charAt(pos) == '/') {
        pos++;
        Lexer inner = new Lexer(in, env, undefined);
        inner.pos = pos;
        replacement = inner.word(depth + 1, '}').text.toString();
        pos = inner.pos;
      }
      closeBrace();
      String value = lookup(name, true).orElse("");
      if (pattern.isEmpty()) {
        return value;
      }
      Matcher m = globSearch(pattern).matcher(value);
      String quoted = Matcher.quoteReplacement(replacement);
      return all ? m.replaceAll(quoted) : m.replaceFirst(quoted);
    }

    private String rawPattern(int depth, int stop, int stop2) {
      Lexer inner = new Lexer(in, env, undefined);
      inner.pos = pos;
      String p = inner.word(depth + 1, stop, stop2, true).text.toString();
      pos = inner.pos;
      return p;
    }

    private void closeBrace() {
      if (pos >= in.length() || in.charAt(pos) != '}') {
        throw BerthException.invalid("missing '}' in variable substitution");
      }
      pos++;
    }

    private Pattern glob(String pattern) {
      return Pattern.compile(globRegex(pattern, false), Pattern.DOTALL);
    }

    private Pattern globSearch(String pattern) {
      return Pattern.compile(globRegex(pattern, true), Pattern.DOTALL);
    }

    private String globRegex(String pattern, boolean greedy) {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == escape && i + 1 < pattern.length()) {
          re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else if (c == '*') {
          re.append(greedy ? ".*" : ".*?");
        } else if (c == '?') {
          re.append('.');
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return re.toString();
    }

    private String name() {
      int start = pos;
      if (pos < in.length() && Character.isDigit(in.charAt(pos))) {
        while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
          pos++;
        }
        return in.substring(start, pos);
      }
      if (pos < in.length() && "@*#?-$!0".indexOf(in.charAt(pos)) >= 0) {
        // A special parameter; "${#" and "${-" stay names only when nothing else follows.
        pos++;
        return in.substring(start, pos);
      }
      while (pos < in.length() && isNameChar(in.charAt(pos))) {
        pos++;
      }
      return in.substring(start, pos);
    }

    private Optional<String> lookup(String name, boolean report) {
      Optional<String> value = env.apply(name);
      if (value.isEmpty()
          && report
          && !Character.isDigit(name.charAt(0))
          && isNameChar(name.charAt(0))) {
        undefined.accept(name);
      }
      return value;
    }
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
