package io.berth.sys;

/** A terminal's size in character cells, as {@code struct winsize} holds it (TIOCGWINSZ). */
public record WindowSize(int rows, int columns) {

  private static final int MAX = 0xffff;

  public WindowSize {
    if (rows < 0 || rows > MAX || columns < 0 || columns > MAX) {
      throw new IllegalArgumentException(
          "a terminal size must be 0 to 65535 rows and columns, got " + rows + "x" + columns);
    }
  }
}
