package io.berth.network;

import io.berth.errors.BerthException;

/** Dotted-quad IPv4 addresses to and from their 32-bit value. */
public final class Ipv4 {
  private Ipv4() {}

  /** Parses {@code a.b.c.d}; the error names the text. */
  public static int parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw BerthException.invalid("invalid IPv4 address: %s", text);
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw BerthException.invalid("invalid IPv4 address: %s", text);
      }
      int n = Integer.parseInt(part);
      if (n > 255) {
        throw BerthException.invalid("invalid IPv4 address: %s", text);
      }
      value = (value << 8) | n;
    }
    return value;
  }

  /** Whether {@code text} is a dotted-quad IPv4 address. */
  public static boolean is(String text) {
    try {
      parse(text);
      return true;
    } catch (BerthException e) {
      return false;
    }
  }

  /** The dotted-quad text of {@code value}. */
  public static String text(int value) {
    return ((value >>> 24) & 255)
        + "."
        + ((value >>> 16) & 255)
        + "."
        + ((value >>> 8) & 255)
        + "."
        + (value & 255);
  }
}
