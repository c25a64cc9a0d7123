package io.berth.api;

import io.berth.dockerfile.DockerIgnore;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A build context the daemon reads where it lies, for a client on the same machine: berth's CLI
 * names the directory ({@code berthcontext=/abs/dir}) and what it sees there ({@code
 * berthcontextid=<dev>:<inode>}), and the daemon builds from it only when it sees the very same
 * directory; otherwise it refuses with a message starting with {@link #REFUSED}, on which the CLI
 * sends the context as a tar instead. The engine then applies the context's ignore file itself, and
 * resolves every source inside the directory, symlinks included, as it does for an unpacked tar.
 *
 * @param dir the context's real path
 * @param ignore the ignore file that applies ({@code NAME.dockerignore} beside the Dockerfile, or
 *     {@code .dockerignore}), read only when it lies inside the context
 */
record InPlaceContext(Path dir, DockerIgnore ignore) {

  /** The query parameter naming the directory. */
  static final String QUERY = "berthcontext";

  /** The query parameter carrying what the client sees there: {@code <dev>:<inode>}. */
  static final String ID_QUERY = "berthcontextid";

  /** How a refusal's message begins; the client falls back to sending a tar on it. */
  static final String REFUSED = "in-place build context refused";

  /** The context {@code path} of {@code request}, checked as described above. */
  static InPlaceContext open(ApiRequest request, String path) {
    String id = request.query(ID_QUERY).orElse("");
    Path dir = Path.of(path);
    if (!dir.isAbsolute()) {
      throw refused(path, "the path is not absolute");
    }
    Path real;
    try {
      real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw refused(path, "it is not a directory here");
      }
      String seen =
          Files.getAttribute(real, "unix:dev") + ":" + Files.getAttribute(real, "unix:ino");
      if (!seen.equals(id)) {
        throw refused(
            path, "the daemon sees another directory there (" + seen + ", the client " + id + ")");
      }
    } catch (IOException e) {
      throw refused(path, "the daemon cannot read it: " + e.getMessage());
    }
    String dockerfile =
        BuildRoutes.dockerfile(
            request.query("dockerfile").filter(f -> !f.isEmpty()).orElse("Dockerfile"));
    return new InPlaceContext(real, ignore(real, dockerfile));
  }

  private static DockerIgnore ignore(Path dir, String dockerfile) {
    Optional<Path> file =
        DockerIgnore.locate(
            dir, dir.resolve(dockerfile), p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    if (file.isEmpty()) {
      return DockerIgnore.EMPTY;
    }
    try {
      Path real = file.get().toRealPath();
      if (!real.startsWith(dir) || !Files.isRegularFile(real)) {
        throw BerthException.invalid(
            "the ignore file %s leads outside the build context or is no file", file.get());
      }
      try (InputStream in = Files.newInputStream(real)) {
        return DockerIgnore.read(file.get().getFileName().toString(), in);
      }
    } catch (IOException e) {
      throw BerthException.invalid(
          "cannot read the ignore file %s: %s", file.get(), e.getMessage());
    }
  }

  private static BerthException refused(String path, String why) {
    return BerthException.invalid("%s: %s: %s", REFUSED, path, why);
  }
}
