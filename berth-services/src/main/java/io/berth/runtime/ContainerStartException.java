package io.berth.runtime;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;

/**
 * The runtime could not start a container's (or an exec's) process, with the reason that decides
 * Docker's exit code: 127 when the executable is missing, 126 when it cannot be run, 125 else.
 */
public final class ContainerStartException extends BerthException {

  private final Reason reason;

  /** Why a process did not start. */
  public enum Reason {
    /** The executable is not in the image ({@code exec: "foo": executable file not found}). */
    EXECUTABLE_NOT_FOUND(127, ErrorKind.INVALID_ARGUMENT),
    /** The executable exists but cannot be run (not executable, a directory). */
    PERMISSION_DENIED(126, ErrorKind.INVALID_ARGUMENT),
    /** A cgroup controller the config needs is not available on this host. */
    CGROUP_CONTROLLER_MISSING(125, ErrorKind.FAILED_PRECONDITION),
    /** Any other runtime failure. */
    RUNTIME_FAILED(125, ErrorKind.INTERNAL);

    private final int exitCode;
    private final ErrorKind kind;

    Reason(int exitCode, ErrorKind kind) {
      this.exitCode = exitCode;
      this.kind = kind;
    }

    /** The exit code Docker's CLI gives for this reason. */
    public int exitCode() {
      return exitCode;
    }
  }

  public ContainerStartException(Reason reason, String message) {
    super(reason.kind, message);
    this.reason = reason;
  }

  /** Why the process did not start. */
  public Reason reason() {
    return reason;
  }

  /** Docker's exit code for this failure: 125, 126 or 127. */
  public int exitCode() {
    return reason.exitCode;
  }
}
