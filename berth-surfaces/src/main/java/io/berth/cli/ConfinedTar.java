package io.berth.cli;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar streams of {@code berth cp}: extraction that cannot write outside its destination (no
 * absolute names, no {@code ..}, no path through a symlink, links only to inside), and packing a
 * local file or folder under a chosen root name. Device files are skipped: the CLI is not root's.
 */
final class ConfinedTar {
  private ConfinedTar() {}

  /**
   * Extracts {@code tar} into {@code root}; the first name component {@code from} is renamed to
   * {@code to} when {@code to} is given, or dropped when {@code to} is empty ({@code SRC/.}).
   */
  static void extract(InputStream tar, Path root, String from, String to) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    TarArchiveInputStream in = new TarArchiveInputStream(tar);
    TarArchiveEntry entry;
    while ((entry = in.getNextEntry()) != null) {
      String name = renamed(clean(entry.getName()), from, to);
      if (name.isEmpty()) {
        continue;
      }
      Path target = confined(base, name);
      if (entry.isDirectory()) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(target);
          Files.createDirectory(target);
        }
      } else if (entry.isSymbolicLink()) {
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        continue;
      } else if (entry.isLink()) {
        Path existing = confined(base, renamed(clean(entry.getLinkName()), from, to));
        Files.deleteIfExists(target);
        Files.createLink(target, existing);
        continue;
      } else if (entry.isFile()) {
        Files.deleteIfExists(target);
        try (OutputStream out =
            Files.newOutputStream(
                target,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          in.transferTo(out);
        }
      } else {
        continue;
      }
      Files.setPosixFilePermissions(target, permissions(entry.getMode()));
      Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedTime().toInstant()));
    }
  }

  /** The entry name without {@code ./} or leading slashes; a {@code ..} part is refused. */
  static String clean(String name) {
    StringBuilder clean = new StringBuilder();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw BerthException.invalid(
            "refusing to extract \"%s\" from the container's archive: it leaves the destination",
            name);
      }
      clean.append(clean.isEmpty() ? "" : "/").append(part);
    }
    return clean.toString();
  }

  private static String renamed(String name, String from, String to) {
    if (to == null) {
      return name;
    }
    int slash = name.indexOf('/');
    String first = slash < 0 ? name : name.substring(0, slash);
    if (!first.equals(from)) {
      return name;
    }
    String rest = slash < 0 ? "" : name.substring(slash + 1);
    if (to.isEmpty()) {
      return rest;
    }
    return rest.isEmpty() ? to : to + "/" + rest;
  }

  /** {@code root/name}, its parents checked to be real folders inside {@code root}. */
  private static Path confined(Path root, String name) throws IOException {
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw BerthException.invalid("refusing to extract \"%s\": it leaves %s", name, root);
    }
    Path parent = root;
    for (Path part : root.relativize(target.getParent() == null ? root : target.getParent())) {
      parent = parent.resolve(part);
      if (Files.isSymbolicLink(parent)) {
        throw BerthException.invalid(
            "refusing to extract \"%s\": %s is a symbolic link", name, parent);
      }
      if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(parent);
      }
    }
    return target;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  /** Writes {@code source} (a file or a folder, links not followed) as a tar under {@code name}. */
  static void pack(Path source, String name, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    Path base = source.toAbsolutePath();
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        String relative = base.relativize(path).toString();
        String entryName = relative.isEmpty() ? name : name + "/" + relative;
        add(tar, path, entryName);
      }
    }
    tar.finish();
    out.flush();
  }

  private static void add(TarArchiveOutputStream tar, Path path, String name) throws IOException {
    TarArchiveEntry entry;
    if (Files.isSymbolicLink(path)) {
      entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(Files.readSymbolicLink(path).toString());
    } else {
      entry = new TarArchiveEntry(path, name, LinkOption.NOFOLLOW_LINKS);
    }
    tar.putArchiveEntry(entry);
    if (entry.isFile() && !entry.isSymbolicLink()) {
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        in.transferTo(tar);
      }
    }
    tar.closeArchiveEntry();
  }
}
