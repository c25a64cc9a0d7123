package io.berth.image;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive ({@code docker save} or OCI layout tar) unpacked into a private directory under
 * the daemon's root, so its files can be read in any order. Only directories and regular files are
 * written; symbolic and hard links become aliases resolved inside the archive, and a name or link
 * that would leave it is refused. Closing deletes the directory.
 */
final class ArchiveStage implements AutoCloseable {
  private static final String PREFIX = "load-";
  private static final int MAX_LINK_HOPS = 16;

  private final Path dir;
  private final Map<String, String> aliases = new HashMap<>();

  private ArchiveStage(Path dir) {
    this.dir = dir;
  }

  /** Deletes what a crash during an earlier load left under {@code tmp}. */
  static void cleanLeftovers(Path tmp) {
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (Stream<Path> children = Files.list(tmp)) {
      children
          .filter(p -> p.getFileName().toString().startsWith(PREFIX))
          .forEach(ArchiveStage::deleteTree);
    } catch (IOException e) {
      throw BerthException.internal("cleaning " + tmp, e);
    }
  }

  /**
   * Reads the tar {@code archive} (plain, gzip or zstd) into a fresh directory under {@code tmp}.
   */
  static ArchiveStage read(InputStream archive, Path tmp) {
    ArchiveStage stage;
    try {
      Files.createDirectories(tmp);
      stage = new ArchiveStage(Files.createDirectory(tmp.resolve(PREFIX + UUID.randomUUID())));
    } catch (IOException e) {
      throw BerthException.internal("creating a directory under " + tmp + " for a load", e);
    }
    try {
      stage.unpack(archive);
      return stage;
    } catch (RuntimeException e) {
      stage.close();
      throw e;
    }
  }

  private void unpack(InputStream archive) {
    String current = "";
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(LayerStreams.uncompressed(archive))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        current = entry.getName();
        add(entry, tar);
      }
    } catch (IOException e) {
      String at = current.isEmpty() ? "" : " at entry \"" + current + "\"";
      throw BerthException.invalid("invalid image archive%s: %s", at, e.getMessage());
    }
    if (current.isEmpty()) {
      throw BerthException.invalid("invalid image archive: it holds no files");
    }
  }

  private void add(TarArchiveEntry entry, InputStream content) throws IOException {
    if (entry.getName().startsWith("/")) {
      throw BerthException.invalid(
          "invalid image archive: entry \"%s\" is an absolute path", entry.getName());
    }
    String name = normalize(entry.getName(), entry.getName());
    if (name.isEmpty()) {
      return;
    }
    if (entry.isDirectory()) {
      Files.createDirectories(dir.resolve(name));
    } else if (entry.isSymbolicLink()) {
      String target = entry.getLinkName();
      String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
      aliases.put(name, normalize(target.startsWith("/") ? target : parent + target, name));
    } else if (entry.isLink()) {
      aliases.put(name, normalize(entry.getLinkName(), name));
    } else if (entry.isFile()) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
      if (Files.size(file) != entry.getSize()) {
        throw new IOException("content of " + entry.getSize() + " bytes ends early");
      }
    }
  }

  /**
   * {@code name} as a path from the archive root without {@code .} parts (a leading {@code /} is
   * the archive root); INVALID_ARGUMENT naming {@code entry} when it climbs out with {@code ..}.
   */
  static String normalize(String name, String entry) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw BerthException.invalid(
              "invalid image archive: entry \"%s\" points outside the archive (\"%s\")",
              entry, name);
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  /** The file at {@code path} inside the archive, following its links; empty when absent. */
  Optional<Path> file(String path) {
    String name = normalize(path, path);
    for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
      String alias = aliases.get(name);
      if (alias == null) {
        break;
      }
      name = alias;
    }
    Path file = dir.resolve(name);
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(file)
        : Optional.empty();
  }

  /**
   * The file at {@code path}, or INVALID_ARGUMENT saying that {@code what} names a missing file.
   */
  Path require(String path, String what) {
    return file(path)
        .orElseThrow(
            () ->
                BerthException.invalid(
                    "invalid image archive: %s names \"%s\", which is not in it", what, path));
  }

  /** Whether the archive holds a file at {@code path}. */
  boolean has(String path) {
    return file(path).isPresent();
  }

  /** The bytes of the file at {@code path}, which {@code what} names. */
  byte[] bytes(String path, String what) {
    try {
      return Files.readAllBytes(require(path, what));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = walk.sorted((a, b) -> b.compareTo(a)).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover is removed at the next start
    }
  }
}
