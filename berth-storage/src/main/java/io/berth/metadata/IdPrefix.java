package io.berth.metadata;

import io.berth.errors.BerthException;
import java.util.List;

/** Docker's rule for an abbreviated ID: it must match exactly one full ID. */
public final class IdPrefix {

  private IdPrefix() {}

  /**
   * The one of {@code matches} (the IDs that start with {@code prefix}) that {@code prefix} names:
   * NOT_FOUND "no such {@code what}" when there is none, CONFLICT when there are several.
   */
  public static String resolve(String what, String prefix, List<String> matches) {
    if (matches.isEmpty()) {
      throw BerthException.notFound("no such %s: %s", what, prefix);
    }
    if (matches.size() > 1) {
      throw BerthException.conflict(
          "multiple IDs match the %s prefix %s: be more specific", what, prefix);
    }
    return matches.getFirst();
  }
}
