package io.berth.api;

import io.berth.errors.BerthException;

/** A Docker Engine API version such as {@code 1.51}, as it appears in {@code /v1.51/...}. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /**
   * The newest version berth serves: that of Docker Engine 28.3+; the docker 28 CLI reads it from
   * {@code /_ping} and uses the lower of it and its own.
   */
  public static final ApiVersion MAX = new ApiVersion(1, 51);

  /** The oldest version berth serves, as Docker 28 does. */
  public static final ApiVersion MIN = new ApiVersion(1, 24);

  public ApiVersion {
    if (major < 0 || minor < 0) {
      throw BerthException.invalid("API version %d.%d has a negative part", major, minor);
    }
  }

  /** Parses {@code 1.51}. */
  public static ApiVersion parse(String text) {
    int dot = text.indexOf('.');
    try {
      if (dot <= 0) {
        throw new NumberFormatException();
      }
      return new ApiVersion(
          Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("API version \"%s\" is not of the form 1.NN", text);
    }
  }

  public boolean isBefore(ApiVersion other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(ApiVersion other) {
    return major != other.major
        ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
