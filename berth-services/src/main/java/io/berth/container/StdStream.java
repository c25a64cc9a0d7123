package io.berth.container;

/** The standard streams, numbered as Docker's multiplexed stream header numbers them. */
public enum StdStream {
  STDIN,
  STDOUT,
  STDERR;

  /** The stream's number in a frame header: 0, 1 or 2. */
  public int number() {
    return ordinal();
  }

  /** The name json-file logs use: {@code stdout}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
