package io.berth.api;

import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A build context unpacked from the client's tar stream (plain, gzip, bzip2 or xz) into a directory
 * of its own, confined to it: no entry name, hard link or earlier symlink can make it write
 * elsewhere, and names are taken literally ({@code .wh.x} is a file, not a whiteout). Closing it
 * deletes the directory.
 */
final class BuildContext implements AutoCloseable {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path dir;
  private final Map<String, String> digests = new HashMap<>();
  private final java.util.Set<Path> checkedDirs = new java.util.HashSet<>();
  private final java.util.Set<Path> freshDirs = new java.util.HashSet<>();
  private final java.util.Set<Path> written = new java.util.HashSet<>();

  private BuildContext(Path dir) {
    this.dir = dir;
  }

  /**
   * The sha256 digest of every regular file unpacked, by context-relative path, computed as it was
   * written, so that the build engine need not read the files again.
   */
  Map<String, String> digests() {
    return digests;
  }

  /** The unpacked context's root directory. */
  Path dir() {
    return dir;
  }

  /**
   * Unpacks {@code tar} into the new directory {@code dir}; on failure the directory is removed and
   * the error names the entry and why it was refused.
   */
  static BuildContext extract(InputStream tar, Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir);
    BuildContext context = new BuildContext(dir.toRealPath());
    try {
      context.unpack(decompressed(tar));
      return context;
    } catch (IOException | RuntimeException e) {
      context.close();
      if (e instanceof BerthException) {
        throw e;
      }
      throw BerthException.invalid("cannot read the build context: %s", e.getMessage());
    }
  }

  /** The tar inside whichever compression Docker accepts, told apart by its magic number. */
  static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return new GzipCompressorInputStream(in, true);
    }
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return new BZip2CompressorInputStream(in, true);
    }
    if (head.length == 6
        && (head[0] & 0xff) == 0xfd
        && head[1] == '7'
        && head[2] == 'z'
        && head[3] == 'X'
        && head[4] == 'Z'
        && head[5] == 0) {
      return new XZCompressorInputStream(in, true);
    }
    return in;
  }

  private void unpack(InputStream in) throws IOException {
    List<TarArchiveEntry> directories = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      Path target = confined(e.getName());
      if (target.equals(dir)) {
        continue; // the context root itself: its attributes are ours
      }
      ensureParents(target, e.getName());
      if (e.isDirectory()) {
        if (!Files.isDirectory(target, NOFOLLOW)) {
          clear(target);
          Files.createDirectory(target);
          freshDirs.add(target);
        }
        written.add(target);
        checkedDirs.add(target);
        directories.add(e);
      } else if (e.isSymbolicLink()) {
        digests.remove(dir.relativize(target).toString());
        clear(target);
        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
      } else if (e.isLink()) {
        Path source = linkSource(e);
        if (!Files.isRegularFile(source, NOFOLLOW) || throughSymlink(source)) {
          throw refused(e.getName(), "its hard link target " + e.getLinkName() + " is no file");
        }
        clear(target);
        Files.createLink(target, source);
        String sourceDigest = digests.get(dir.relativize(source).toString());
        if (sourceDigest != null) {
          digests.put(dir.relativize(target).toString(), sourceDigest);
        }
      } else if (e.isFile()) {
        clear(target);
        MessageDigest sha = Digest.newMessageDigest(Digest.SHA256);
        try (OutputStream out =
            new DigestOutputStream(
                Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), sha)) {
          tar.transferTo(out);
        }
        digests.put(
            dir.relativize(target).toString(), Digest.of(Digest.SHA256, sha.digest()).toString());
        finish(target, e);
      }
      // devices, fifos and sockets carry nothing a build can COPY; Docker's CLI never sends them
    }
    for (int i = directories.size() - 1; i >= 0; i--) {
      TarArchiveEntry e = directories.get(i);
      Path target = confined(e.getName());
      // a later entry may have replaced the directory, even by a symlink leading out
      if (Files.isDirectory(target, NOFOLLOW) && !throughSymlink(target)) {
        finish(target, e);
      }
    }
  }

  /** The path of entry {@code name} inside the context, or an error when it would leave it. */
  private Path confined(String name) {
    Path target = dir;
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw refused(name, "it leaves the context");
      }
      if (part.indexOf('\0') >= 0) {
        throw refused(name, "its name holds a NUL byte");
      }
      target = target.resolve(part);
    }
    return target;
  }

  private Path linkSource(TarArchiveEntry e) {
    try {
      return confined(e.getLinkName());
    } catch (BerthException outside) {
      throw refused(e.getName(), "its hard link target " + e.getLinkName() + " leaves the context");
    }
  }

  /**
   * Makes the entry's missing parent directories, refusing to go through a symlink. Directories
   * already checked in this extraction are not looked at again, until an entry replaces them.
   */
  private void ensureParents(Path target, String name) throws IOException {
    Path parent = target.getParent();
    List<Path> missing = new ArrayList<>();
    for (Path p = parent; !p.equals(dir) && !checkedDirs.contains(p); p = p.getParent()) {
      missing.add(p);
    }
    for (int i = missing.size() - 1; i >= 0; i--) {
      Path p = missing.get(i);
      if (Files.isSymbolicLink(p)) {
        throw refused(name, "its parent " + dir.relativize(p) + " is a symlink");
      }
      if (!Files.exists(p, NOFOLLOW)) {
        Files.createDirectory(p);
        freshDirs.add(p);
        written.add(p);
      } else if (!Files.isDirectory(p, NOFOLLOW)) {
        throw refused(name, "its parent " + dir.relativize(p) + " is not a directory");
      }
      checkedDirs.add(p);
    }
  }

  /**
   * Removes what lies at {@code target} before an entry is written there; nothing can, and nothing
   * is looked up, in a directory this extraction made and never wrote {@code target} in.
   */
  private void clear(Path target) throws IOException {
    if (freshDirs.contains(target.getParent()) && written.add(target)) {
      return;
    }
    written.add(target);
    if (Files.isDirectory(target, NOFOLLOW)) {
      // the directory and everything checked below it are gone
      checkedDirs.removeIf(p -> p.startsWith(target));
      freshDirs.removeIf(p -> p.startsWith(target));
      written.removeIf(p -> p.startsWith(target) && !p.equals(target));
    }
    removeExisting(target);
  }

  /** Whether a directory between the context root and {@code p} is a symlink. */
  private boolean throughSymlink(Path p) {
    for (Path q = p.getParent(); !q.equals(dir); q = q.getParent()) {
      if (Files.isSymbolicLink(q)) {
        return true;
      }
    }
    return false;
  }

  private static void removeExisting(Path target) throws IOException {
    if (Files.isDirectory(target, NOFOLLOW)) {
      deleteTree(target);
    } else {
      Files.deleteIfExists(target);
    }
  }

  /** Gives {@code target} the entry's permission bits and time, never following a symlink. */
  private static void finish(Path target, TarArchiveEntry e) throws IOException {
    Files.setPosixFilePermissions(target, permissions(e.getMode()));
    Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static BerthException refused(String name, String why) {
    return BerthException.invalid("build context entry \"%s\" refused: %s", name, why);
  }

  /** Deletes the unpacked context. */
  @Override
  public void close() throws IOException {
    deleteTree(dir);
  }

  /** Deletes {@code root} and everything under it, without following symlinks. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, NOFOLLOW)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            // a context may hold a directory without write or search permission for its owner
            d.toFile().setWritable(true, true);
            d.toFile().setExecutable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
