package io.berth.cli;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A build context the daemon can read where it lies, sent as berth's {@code berthcontext} extension
 * of {@code POST /build} instead of a tar: the directory's real path, what it is ({@code
 * <dev>:<inode>}, so that a daemon seeing another directory there refuses), and the Dockerfile's
 * path inside it.
 *
 * @param dir the context directory's real path
 * @param id {@code <dev>:<inode>} of the directory as this process sees it
 * @param dockerfile the Dockerfile's path relative to {@code dir}
 */
record LocalContext(Path dir, String id, String dockerfile) {

  /** The query parameter naming the directory. */
  static final String QUERY = "berthcontext";

  /** The query parameter carrying {@link #id}. */
  static final String ID_QUERY = "berthcontextid";

  /** How the daemon's refusal begins (the api's {@code InPlaceContext.REFUSED}). */
  static final String REFUSED = "in-place build context refused";

  /**
   * The context {@code directory} with the Dockerfile {@code file} (default {@code Dockerfile} in
   * it); empty when the Dockerfile lies outside the context, which then goes as a tar.
   */
  static Optional<LocalContext> of(Path directory, Optional<String> file) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw BerthException.notFound(
          "unable to prepare context: path \"%s\" not found or not a directory", directory);
    }
    Path root = directory.toRealPath();
    Path dockerfile = file.map(f -> Path.of(f).toAbsolutePath()).orElse(root.resolve("Dockerfile"));
    if (!Files.isRegularFile(dockerfile)) {
      throw BerthException.notFound(
          "unable to prepare context: the Dockerfile %s does not exist", dockerfile);
    }
    Path real = dockerfile.toRealPath();
    if (!real.startsWith(root)) {
      return Optional.empty();
    }
    String id = Files.getAttribute(root, "unix:dev") + ":" + Files.getAttribute(root, "unix:ino");
    return Optional.of(new LocalContext(root, id, root.relativize(real).toString()));
  }
}
