package io.berth.container.local;

import io.berth.archive.LayerApplier;
import io.berth.archive.WhiteoutMode;
import io.berth.container.ContainerService.PathStat;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker cp} both ways: paths resolved inside the container's root as the container sees
 * them (symlinks followed with the root as {@code /}, {@code ..} stopping at it), so nothing read
 * or written is outside it.
 */
final class ContainerFiles {

  private static final int MAX_LINKS = 40;

  /** A mounted root filesystem and what releases it. */
  record Root(Path path, Runnable release) implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  private ContainerFiles() {}

  static PathStat stat(Root root, String path) {
    try (root) {
      return statOf(resolve(root.path(), path), path);
    }
  }

  static PathStat archive(Root root, String path, OutputStream out) {
    try (root) {
      Path host = resolve(root.path(), path);
      PathStat stat = statOf(host, path);
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        String base = host.getFileName() == null ? "." : host.getFileName().toString();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(host)) {
          walk.forEach(all::add);
        }
        for (Path p : all) {
          String name = base + (p.equals(host) ? "" : "/" + host.relativize(p));
          TarArchiveEntry entry = new TarArchiveEntry(p, name, LinkOption.NOFOLLOW_LINKS);
          if (Files.isSymbolicLink(p)) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(p).toString());
          }
          tar.putArchiveEntry(entry);
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(p, tar);
          }
          tar.closeArchiveEntry();
        }
        tar.finish();
      }
      return stat;
    } catch (IOException e) {
      throw BerthException.internal("archiving " + path + " of the container", e);
    }
  }

  static void extract(Root root, String path, InputStream in) {
    try (root) {
      // A trailing "." makes a final symlink resolve inside the root too.
      Path host = resolve(root.path(), path + "/.");
      if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid("extracting into %s: not a directory in the container", path);
      }
      new LayerApplier(LayerApplier.Options.of(WhiteoutMode.DELETE)).apply(in, host);
    }
  }

  private static PathStat statOf(Path host, String path) {
    try {
      if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.notFound("Could not find the file %s in container", path);
      }
      PosixFileAttributes a =
          Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (var p : a.permissions()) {
        mode |= 1 << (8 - p.ordinal());
      }
      if (a.isDirectory()) {
        mode |= 1 << 31;
      }
      String link = a.isSymbolicLink() ? Files.readSymbolicLink(host).toString() : "";
      String name = host.getFileName() == null ? "/" : host.getFileName().toString();
      return new PathStat(name, a.size(), mode, a.lastModifiedTime().toInstant(), link);
    } catch (IOException e) {
      throw BerthException.internal("reading " + path + " in the container", e);
    }
  }

  /** The host path of {@code path} under {@code root}, never outside it. */
  static Path resolve(Path root, String path) {
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      Path candidate = join(root, done).resolve(part);
      if (!Files.isSymbolicLink(candidate) || todo.isEmpty()) {
        done.add(part);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw BerthException.invalid("resolving %s: too many symbolic links", path);
      }
      try {
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> parts = List.of(target.split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
      } catch (IOException e) {
        throw BerthException.internal("reading the link " + candidate, e);
      }
    }
    return join(root, done);
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }
}
