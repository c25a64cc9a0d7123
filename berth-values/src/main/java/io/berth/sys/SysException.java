package io.berth.sys;

import java.io.IOException;

/** A Linux call that failed: which call, on what, and the errno it returned. */
public final class SysException extends IOException {
  private final int errno;

  public SysException(String call, String object, int errno) {
    super(call + " " + object + ": " + Libc.describe(errno));
    this.errno = errno;
  }

  /** The errno the call returned. */
  public int errno() {
    return errno;
  }
}
