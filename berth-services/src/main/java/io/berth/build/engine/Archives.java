package io.berth.build.engine;

import io.berth.errors.BerthException;
import io.berth.runtime.ResolvedUser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * ADD's local archives: a tar, plain or compressed with gzip, bzip2 or xz (told by content, not by
 * name, as the reference says), extracted as {@code tar -x} would into a directory of the image,
 * every entry, link and link target resolved inside the image's root.
 */
final class Archives {

  private Archives() {}

  /** Whether {@code file} holds a tar archive, plain or compressed. */
  static boolean isArchive(Path file) {
    try (InputStream in = open(file)) {
      if (in == null) {
        return false;
      }
      byte[] header = in.readNBytes(512);
      return header.length == 512
          && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }

  /** The decompressed stream of {@code file}; null when it is compressed in no known way. */
  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    raw.mark(8);
    byte[] magic = raw.readNBytes(6);
    raw.reset();
    try {
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return new GzipCompressorInputStream(raw, true);
      }
      if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
        return new BZip2CompressorInputStream(raw, true);
      }
      if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
        return new XZCompressorInputStream(raw, true);
      }
    } catch (IOException e) {
      raw.close();
      return null;
    }
    return raw;
  }

  /**
   * Extracts {@code file} into root-relative {@code dir} under {@code root}; owners from the
   * archive unless {@code owner} overrides them.
   */
  static void extract(Path file, Path root, String dir, Optional<ResolvedUser> owner)
      throws IOException {
    try (InputStream in = open(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = RootedPath.cleanRelative(entry.getName());
        if (name.isEmpty()) {
          continue;
        }
        String dest = RootedPath.cleanRelative(dir + "/" + name);
        int uid = owner.map(ResolvedUser::uid).orElse((int) entry.getLongUserId());
        int gid = owner.map(ResolvedUser::gid).orElse((int) entry.getLongGroupId());
        int slash = dest.lastIndexOf('/');
        Path parent = RootedPath.mkdirs(root, slash < 0 ? "" : dest.substring(0, slash), 0, 0);
        Path to = parent.resolve(dest.substring(slash + 1));
        if (entry.isDirectory()) {
          Path d = RootedPath.mkdirs(root, dest, uid, gid);
          FileOps.chmod(d, entry.getMode());
          continue;
        }
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
          FileOps.deleteTree(to);
        }
        Files.deleteIfExists(to);
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(to, Path.of(entry.getLinkName()));
          FileOps.chown(to, uid, gid);
          continue;
        }
        if (entry.isLink()) {
          Path target =
              RootedPath.resolve(
                  root, RootedPath.cleanRelative(dir + "/" + entry.getLinkName()), false);
          if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalid(
                "ADD %s: hard link %s points at %s, which the archive did not hold before it",
                file.getFileName(), entry.getName(), entry.getLinkName());
          }
          Files.createLink(to, target);
          continue;
        }
        if (!entry.isFile()) {
          continue; // TODO(#4): device nodes and fifos in ADD archives are skipped
        }
        Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
        FileOps.chmod(to, entry.getMode());
        FileOps.chown(to, uid, gid);
        FileOps.mtime(to, FileTime.from(entry.getModTime().toInstant()));
      }
    }
  }
}
