package io.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** How Docker's parser cuts an instruction's text into words and builder flags. */
final class Words {

  private Words() {}

  /** The leading {@code --flag[=value]} words and the text after them. */
  record FlagSplit(List<String> flags, String rest) {}

  /** Words split on unquoted whitespace, quotes and escapes kept (Docker's parseWords). */
  static List<String> quoted(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote != '\'') {
          if (i + 1 == n) {
            continue;
          }
          word.append(c);
          c = text.charAt(++i);
        }
        word.append(c);
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (inWord && (blankOk || !word.isEmpty())) {
          words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
        blankOk = false;
        continue;
      }
      inWord = true;
      if (c == '\'' || c == '"') {
        quote = c;
        blankOk = true;
      } else if (c == escape) {
        if (i + 1 == n) {
          continue;
        }
        word.append(c);
        c = text.charAt(++i);
      }
      word.append(c);
    }
    if (inWord && (blankOk || !word.isEmpty())) {
      words.add(word.toString());
    }
    return words;
  }

  /** Words split on whitespace, nothing else (Docker's parseStringsWhitespaceDelimited). */
  static List<String> whitespace(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        words.add(text.substring(start, i));
      }
    }
    return words;
  }

  /** The builder flags at the start of {@code text} (Docker's extractBuilderFlags). */
  static FlagSplit flags(String text) {
    List<String> flags = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i + 1 >= n || text.charAt(i) != '-' || text.charAt(i + 1) != '-') {
        return new FlagSplit(flags, text.substring(Math.min(i, n)));
      }
      StringBuilder word = new StringBuilder();
      boolean blankOk = false;
      char quote = 0;
      while (i < n && (quote != 0 || !Character.isWhitespace(text.charAt(i)))) {
        char c = text.charAt(i++);
        if (quote != 0 && c == quote) {
          quote = 0;
        } else if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          blankOk = true;
        } else if (c == '\\' && i < n) {
          word.append(text.charAt(i++));
        } else if (c != '\\') {
          word.append(c);
        }
      }
      if (word.toString().equals("--")) {
        return new FlagSplit(flags, text.substring(i).strip());
      }
      if (blankOk || !word.isEmpty()) {
        flags.add(word.toString());
      }
    }
  }
}
