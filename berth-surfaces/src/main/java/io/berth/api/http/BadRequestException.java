package io.berth.api.http;

/** A request that cannot be parsed; the connection answers it with {@code status} and closes. */
public final class BadRequestException extends Exception {
  private final int status;

  public BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The status to answer with: 400, or 414 / 431 for a request line or headers over a limit. */
  public int status() {
    return status;
  }
}
