package io.berth.cli;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;

/**
 * A flag's value that the CLI refuses after parsing (a size, a duration, a mount spec): printed as
 * docker prints a flag error, with the command's usage line, and exit code 125.
 */
final class FlagError extends BerthException {

  FlagError(String message) {
    super(ErrorKind.INVALID_ARGUMENT, message);
  }

  /** {@code invalid argument "VALUE" for "FLAG" flag: REASON}, docker's wording. */
  static FlagError invalid(String value, String flag, String reason) {
    return new FlagError("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason);
  }
}
