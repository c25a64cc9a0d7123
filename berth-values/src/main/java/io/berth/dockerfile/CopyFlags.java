package io.berth.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The flags of COPY and ADD, raw (the engine expands {@code --from}, {@code --chown} and {@code
 * --chmod}): which only COPY takes ({@code --from}, {@code --parents}) and which only ADD takes
 * ({@code --checksum}, {@code --keep-git-dir}) is checked by the parser.
 */
public record CopyFlags(
    Optional<String> from,
    Optional<String> chown,
    Optional<String> chmod,
    boolean link,
    boolean parents,
    List<String> excludes,
    Optional<String> checksum,
    boolean keepGitDir) {

  /** No flags. */
  public static final CopyFlags NONE =
      new CopyFlags(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false,
          false,
          List.of(),
          Optional.empty(),
          false);

  public CopyFlags {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    excludes = List.copyOf(excludes);
    Objects.requireNonNull(checksum, "checksum");
  }
}
