package io.berth.errors;

/**
 * The few kinds of failure berth knows. The API maps them to HTTP statuses and the CLI to exit
 * codes; nothing else in the code base decides either.
 */
public enum ErrorKind {
  /** The named object (image, container, volume, blob, file) does not exist. */
  NOT_FOUND,
  /** The request collides with current state: a name in use, an image a container uses. */
  CONFLICT,
  /** The input is malformed: a bad reference, a bad flag value, a broken Dockerfile. */
  INVALID_ARGUMENT,
  /** The state does not allow it now: a container not running, a store that failed to verify. */
  FAILED_PRECONDITION,
  /** Credentials are missing or refused. */
  UNAUTHORIZED,
  /** A peer or resource cannot be reached now: the daemon, a registry, the runtime. */
  UNAVAILABLE,
  /** A documented feature that berth does not implement; see docs/compatibility.md. */
  NOT_IMPLEMENTED,
  /** A bug or an unexpected environmental failure. */
  INTERNAL
}
