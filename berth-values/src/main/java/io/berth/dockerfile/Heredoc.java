package io.berth.dockerfile;

import java.util.Objects;

/**
 * A here-document attached to RUN, COPY or ADD: its delimiter name, its body (each line ending in a
 * newline, leading tabs already removed when {@code chompTabs}), whether variables in the body are
 * expanded (an unquoted delimiter) and the file descriptor it feeds, if one was written.
 */
public record Heredoc(String name, String content, boolean expand, boolean chompTabs, int fd) {

  public Heredoc {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a heredoc needs a delimiter name");
    }
  }
}
