package io.berth.build.engine;

import io.berth.errors.BerthException;
import io.berth.sys.FileTimes;
import io.berth.sys.Nodes;
import io.berth.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** The few file-metadata calls the engine makes on the files it writes, with errors named. */
final class FileOps {

  private FileOps() {}

  /** The permission bits (with setuid, setgid and sticky) of {@code path}, not following links. */
  static int mode(Path path) throws IOException {
    return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  /** The unix attributes of {@code path}: ino, size, mtime, ctime, mode, uid, gid. */
  static Map<String, Object> stat(Path path) throws IOException {
    return Files.readAttributes(
        path, "unix:ino,size,lastModifiedTime,ctime,mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
  }

  /** {@link io.berth.sys.FileStat#lstat}, its failure as an {@code IOException}. */
  static io.berth.sys.FileStat.Stat lstat(Path path) throws IOException {
    try {
      return io.berth.sys.FileStat.lstat(path);
    } catch (io.berth.sys.SysException e) {
      throw new IOException("lstat " + path + ": " + e.getMessage(), e);
    }
  }

  static void chmod(Path path, int mode) throws IOException {
    try {
      Nodes.chmod(path, mode & 07777);
    } catch (SysException e) {
      throw new IOException("chmod " + path + ": " + e.getMessage(), e);
    }
  }

  static void chown(Path path, int uid, int gid) throws IOException {
    try {
      Nodes.lchown(path, uid, gid);
    } catch (SysException e) {
      throw new IOException("chown " + path + ": " + e.getMessage(), e);
    }
  }

  /** Sets the modification time of {@code path} (a symlink itself, not its target). */
  static void mtime(Path path, FileTime time) throws IOException {
    try {
      Instant t = time.toInstant();
      FileTimes.lutimes(path, t, t);
    } catch (SysException e) {
      throw new IOException("utimes " + path + ": " + e.getMessage(), e);
    }
  }

  /** Removes {@code path} and everything under it, not following symlinks. */
  static void deleteTree(Path path) {
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        try (var children = Files.list(path)) {
          for (Path child : children.toList()) {
            deleteTree(child);
          }
        }
      }
      Files.delete(path);
    } catch (IOException e) {
      throw BerthException.internal("removing " + path + ": " + e.getMessage(), e);
    }
  }
}
