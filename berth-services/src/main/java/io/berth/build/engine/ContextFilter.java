package io.berth.build.engine;

import io.berth.dockerfile.DockerIgnore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The build context as a build may see it when the engine reads it in place: the paths that the
 * {@code .dockerignore} rules leave out are as absent as if the client had not sent them, but for
 * the Dockerfile and the ignore file themselves, which a client always sends. Immutable.
 */
final class ContextFilter {

  /** A context that arrived already filtered: nothing is hidden. */
  static final ContextFilter NONE = new ContextFilter(DockerIgnore.EMPTY, Set.of());

  private final DockerIgnore ignore;
  private final Set<String> always;

  private ContextFilter(DockerIgnore ignore, Set<String> always) {
    this.ignore = ignore;
    this.always = Set.copyOf(always);
  }

  /**
   * The filter of {@code ignore} over {@code context}, keeping the Dockerfile at context-relative
   * {@code dockerfile} and the ignore file that applies to it.
   */
  static ContextFilter of(DockerIgnore ignore, Path context, String dockerfile) {
    if (ignore.rules().isEmpty()) {
      return NONE;
    }
    Set<String> always = new HashSet<>();
    String file = RootedPath.cleanRelative(dockerfile);
    always.add(file);
    Optional<Path> ignoreFile =
        DockerIgnore.locate(context, context.resolve(file), Files::isRegularFile);
    ignoreFile.ifPresent(p -> always.add(context.relativize(p).toString()));
    return new ContextFilter(ignore, always);
  }

  /** Whether this filter hides nothing. */
  boolean isEmpty() {
    return ignore.rules().isEmpty();
  }

  /** Whether context-relative {@code rel} is left out; the root never is. */
  boolean hides(String rel) {
    if (rel.isEmpty() || ignore.rules().isEmpty()) {
      return false;
    }
    return !always.contains(rel) && ignore.excludes(rel);
  }

  /** Whether a hidden directory may still hold paths that are not hidden. */
  boolean mayShowBelow(String dir) {
    if (ignore.mayIncludeBelow(dir)) {
      return true;
    }
    String prefix = dir + "/";
    return always.stream().anyMatch(a -> a.startsWith(prefix));
  }

  /** Whether {@code rel} is to be skipped, descending into it included. */
  boolean prunes(String rel, boolean directory) {
    return hides(rel) && !(directory && mayShowBelow(rel));
  }
}
