package io.berth.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One instruction of the syntax tree, before it is typed: the keyword (upper case and as written),
 * the text after it with continuations joined, the heredocs that follow it, and where it sits.
 */
public record Node(
    String keyword, String writtenKeyword, String rest, List<Heredoc> heredocs, SourceRange range) {

  public Node {
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(writtenKeyword, "writtenKeyword");
    Objects.requireNonNull(rest, "rest");
    heredocs = List.copyOf(heredocs);
    Objects.requireNonNull(range, "range");
  }
}
