package io.berth.errors;

import java.util.Objects;

/**
 * The one exception type that crosses part boundaries: a kind and a message that says what was
 * being done, on what, and why.
 */
public class BerthException extends RuntimeException {
  private final ErrorKind kind;

  public BerthException(ErrorKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public BerthException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public ErrorKind kind() {
    return kind;
  }

  public static BerthException notFound(String format, Object... args) {
    return new BerthException(ErrorKind.NOT_FOUND, format.formatted(args));
  }

  public static BerthException conflict(String format, Object... args) {
    return new BerthException(ErrorKind.CONFLICT, format.formatted(args));
  }

  public static BerthException invalid(String format, Object... args) {
    return new BerthException(ErrorKind.INVALID_ARGUMENT, format.formatted(args));
  }

  public static BerthException precondition(String format, Object... args) {
    return new BerthException(ErrorKind.FAILED_PRECONDITION, format.formatted(args));
  }

  public static BerthException unavailable(String format, Object... args) {
    return new BerthException(ErrorKind.UNAVAILABLE, format.formatted(args));
  }

  public static BerthException notImplemented(String feature) {
    return new BerthException(
        ErrorKind.NOT_IMPLEMENTED,
        feature + " is not implemented by berth (see docs/compatibility.md)");
  }

  public static BerthException internal(String message, Throwable cause) {
    return new BerthException(ErrorKind.INTERNAL, message, cause);
  }
}
