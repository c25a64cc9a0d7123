package io.berth.runtime;

import io.berth.errors.BerthException;

/**
 * The size of a process's terminal in character cells (config.md, "consoleSize"; Docker's {@code
 * ConsoleSize} as {@code [height, width]}); 0 by 0 means not set.
 */
public record ConsoleSize(int height, int width) {

  private static final int MAX = 0xffff;

  /** No size given: the terminal starts as the kernel makes it, 0 by 0. */
  public static final ConsoleSize UNSET = new ConsoleSize(0, 0);

  public ConsoleSize {
    if (height < 0 || height > MAX || width < 0 || width > MAX) {
      throw BerthException.invalid(
          "a console size must be 0 to 65535 rows and columns, got height %d, width %d",
          height, width);
    }
  }

  /** Whether a size was given. */
  public boolean isSet() {
    return height != 0 || width != 0;
  }
}
