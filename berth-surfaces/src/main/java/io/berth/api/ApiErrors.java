package io.berth.api;

import io.berth.errors.ErrorKind;

/** The one place where an error kind becomes an HTTP status, as Docker's API returns them. */
public final class ApiErrors {
  private ApiErrors() {}

  /** The status Docker answers with for a failure of {@code kind}. */
  public static int status(ErrorKind kind) {
    return switch (kind) {
      case NOT_FOUND -> 404;
      case CONFLICT, FAILED_PRECONDITION -> 409;
      case INVALID_ARGUMENT -> 400;
      case UNAUTHORIZED -> 401;
      case UNAVAILABLE -> 503;
      case NOT_IMPLEMENTED -> 501;
      case INTERNAL -> 500;
    };
  }
}
