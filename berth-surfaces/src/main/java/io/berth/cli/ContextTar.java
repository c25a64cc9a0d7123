package io.berth.cli;

import io.berth.dockerfile.DockerIgnore;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context as the daemon receives it: the directory's files minus what the ignore file
 * leaves out (ignored directories are not even read unless an exception may bring something back
 * below them), the Dockerfile and the ignore file always, symlinks as symlinks, in name order with
 * owner 0:0, so the same tree always gives the same tar. It is written as it is walked, never held
 * whole in memory or on disk.
 */
final class ContextTar {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final DockerIgnore ignore;
  private final Set<String> always;
  private final Map<String, byte[]> extra;

  /**
   * The context in {@code root} filtered by {@code ignore}; {@code always} are context-relative
   * paths sent even when ignored, {@code extra} files added at the end (a Dockerfile from stdin).
   */
  ContextTar(Path root, DockerIgnore ignore, Set<String> always, Map<String, byte[]> extra) {
    this.root = root;
    this.ignore = ignore;
    this.always = Set.copyOf(always);
    this.extra = new LinkedHashMap<>(extra);
  }

  /** The context-relative paths the tar holds, in its order; directories end in {@code /}. */
  List<String> entries() throws IOException {
    List<String> names = new ArrayList<>();
    walk(root, "", (path, name, attrs) -> names.add(name));
    names.addAll(extra.keySet());
    return names;
  }

  /** Writes the tar to {@code out}, and finishes it (without closing {@code out}). */
  void write(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    walk(root, "", (path, name, attrs) -> add(tar, path, name, attrs));
    for (Map.Entry<String, byte[]> e : extra.entrySet()) {
      TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
      entry.setMode(0100644);
      entry.setSize(e.getValue().length);
      entry.setModTime(0);
      tar.putArchiveEntry(entry);
      tar.write(e.getValue());
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  /** What the walk does with each path it keeps. */
  @FunctionalInterface
  private interface Visitor {
    void visit(Path path, String name, PosixFileAttributes attrs) throws IOException;
  }

  private void walk(Path dir, String prefix, Visitor visitor) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      throw unreadable(dir, e);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String rel = prefix + child.getFileName();
      PosixFileAttributes attrs = attributes(child);
      boolean kept = always.contains(rel) || !ignore.excludes(rel);
      if (attrs.isDirectory()) {
        if (kept) {
          visitor.visit(child, rel + "/", attrs);
        }
        if (kept || ignore.mayIncludeBelow(rel) || holdsAlways(rel)) {
          walk(child, rel + "/", visitor);
        }
      } else if (kept && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
        visitor.visit(child, rel, attrs);
      }
      // sockets, fifos and devices carry nothing a build can use; Docker's CLI skips them too
    }
  }

  private boolean holdsAlways(String dir) {
    return always.stream().anyMatch(a -> a.startsWith(dir + "/"));
  }

  private static PosixFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  private static void add(TarArchiveOutputStream tar, Path path, String name, PosixFileAttributes a)
      throws IOException {
    TarArchiveEntry entry;
    if (a.isSymbolicLink()) {
      entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(Files.readSymbolicLink(path).toString());
    } else {
      entry = new TarArchiveEntry(name, true);
      entry.setSize(a.isRegularFile() ? a.size() : 0);
    }
    int type = a.isDirectory() ? 040000 : a.isSymbolicLink() ? 0120000 : 0100000;
    entry.setMode(type | (a.isSymbolicLink() ? 0777 : mode(a.permissions())));
    entry.setModTime(a.lastModifiedTime().toMillis() / 1000 * 1000);
    entry.setIds(0, 0);
    tar.putArchiveEntry(entry);
    if (a.isRegularFile()) {
      copy(path, a.size(), tar);
    }
    tar.closeArchiveEntry();
  }

  /** Copies exactly {@code size} bytes, so a file that changes while it is sent is an error. */
  private static void copy(Path path, long size, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(path, NOFOLLOW)) {
      byte[] buffer = new byte[64 * 1024];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw BerthException.conflict(
              "build context file %s shrank from %d bytes while it was being sent", path, size);
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    } catch (java.nio.file.AccessDeniedException e) {
      throw unreadable(path, e);
    }
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 0400 >> p.ordinal();
    }
    return mode;
  }

  private static BerthException unreadable(Path path, IOException e) {
    return BerthException.precondition(
        "cannot read build context path %s: %s", path, e.getMessage());
  }
}
