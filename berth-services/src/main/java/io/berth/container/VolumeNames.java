package io.berth.container;

import io.berth.errors.BerthException;
import java.util.regex.Pattern;

/** Docker's rule for a volume name: a letter or digit, then letters, digits, {@code _.-}. */
public final class VolumeNames {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private VolumeNames() {}

  /** Throws INVALID_ARGUMENT, with Docker's wording, when {@code name} is not a volume name. */
  public static void check(String name) {
    if (!NAME.matcher(name).matches()) {
      throw BerthException.invalid(
          "create %s: \"%s\" includes invalid characters for a local volume name, only"
              + " \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
              + " directory, use absolute path",
          name, name);
    }
  }
}
