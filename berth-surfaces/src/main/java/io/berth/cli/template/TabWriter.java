package io.berth.cli.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns the way Go's text/tabwriter does with padding characters
 * (not tabs) and no flags: a column spans the consecutive lines that have a cell in it, the last
 * cell of a line does not count, and each column is as wide as its widest cell plus {@code
 * padding}, at least {@code minWidth}. Buffers until {@link #flush}; not thread-safe.
 */
public final class TabWriter {
  private final StringBuilder out;
  private final int minWidth;
  private final int padding;
  private final char padChar;
  private final StringBuilder pending = new StringBuilder();

  public TabWriter(StringBuilder out, int minWidth, int padding, char padChar) {
    this.out = out;
    this.minWidth = minWidth;
    this.padding = padding;
    this.padChar = padChar;
  }

  /** docker's listing writer: {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}. */
  public static TabWriter docker(StringBuilder out) {
    return new TabWriter(out, 10, 3, ' ');
  }

  public TabWriter write(String text) {
    pending.append(text);
    return this;
  }

  /** Formats and writes everything written so far. */
  public void flush() {
    List<List<String>> lines = new ArrayList<>();
    String text = pending.toString();
    pending.setLength(0);
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      if (nl < 0 && line.isEmpty()) {
        break;
      }
      lines.add(List.of(line.split("\t", -1)));
      if (nl < 0) {
        lines.add(null); // marks "no newline after the last line"
        break;
      }
      start = nl + 1;
    }
    boolean endsWithoutNewline = !lines.isEmpty() && lines.getLast() == null;
    if (endsWithoutNewline) {
      lines.removeLast();
    }
    format(lines, 0, lines.size(), new ArrayList<>());
    if (endsWithoutNewline && !out.isEmpty() && out.charAt(out.length() - 1) == '\n') {
      out.setLength(out.length() - 1);
    }
  }

  /** Go's recursive column-block layout over lines [from, to) with the widths fixed so far. */
  private void format(List<List<String>> lines, int from, int to, List<Integer> widths) {
    int column = widths.size();
    int line0 = from;
    for (int at = from; at < to; at++) {
      if (column >= lines.get(at).size() - 1) {
        continue;
      }
      writeLines(lines, line0, at, widths);
      line0 = at;
      int width = minWidth;
      for (; at < to && column < lines.get(at).size() - 1; at++) {
        width = Math.max(width, cellWidth(lines.get(at).get(column)) + padding);
      }
      widths.add(width);
      format(lines, line0, at, widths);
      widths.removeLast();
      line0 = at;
      at--;
    }
    writeLines(lines, line0, to, widths);
  }

  private void writeLines(List<List<String>> lines, int from, int to, List<Integer> widths) {
    for (int i = from; i < to; i++) {
      List<String> cells = lines.get(i);
      for (int j = 0; j < cells.size(); j++) {
        String cell = cells.get(j);
        out.append(cell);
        if (j < widths.size()) {
          out.append(String.valueOf(padChar).repeat(widths.get(j) - cellWidth(cell)));
        }
      }
      out.append('\n');
    }
  }

  private static int cellWidth(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
