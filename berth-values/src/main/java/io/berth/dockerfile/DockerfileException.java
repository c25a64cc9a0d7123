package io.berth.dockerfile;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.util.Objects;

/**
 * A Dockerfile (or ignore file) that cannot be read: the message reads {@code Dockerfile:12:5: COPY
 * needs a source and a destination}.
 */
public final class DockerfileException extends BerthException {
  private final transient SourceRange range;
  private final String reason;

  public DockerfileException(SourceRange range, String reason) {
    super(ErrorKind.INVALID_ARGUMENT, Objects.requireNonNull(range, "range") + ": " + reason);
    this.range = range;
    this.reason = reason;
  }

  /** Where the problem is. */
  public SourceRange range() {
    return range;
  }

  /** The message without its location. */
  public String reason() {
    return reason;
  }
}
