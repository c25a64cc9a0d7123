package io.berth.dockerfile;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The parser directives at the top of a Dockerfile: {@code syntax}, {@code escape} and {@code
 * check} (the rules to skip, all of them, and whether warnings fail the check).
 */
public record Directives(
    Optional<String> syntax,
    char escape,
    Set<String> skippedChecks,
    boolean skipAllChecks,
    boolean checkErrors) {

  /** The directives of a Dockerfile that writes none. */
  public static final Directives DEFAULT =
      new Directives(Optional.empty(), '\\', Set.of(), false, false);

  public Directives {
    Objects.requireNonNull(syntax, "syntax");
    skippedChecks = Set.copyOf(skippedChecks);
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape must be \\ or `, got " + escape);
    }
  }

  /** Whether the {@code check} directive turns off {@code rule}. */
  public boolean skips(String rule) {
    return skipAllChecks || skippedChecks.contains(rule);
  }
}
