package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * One {@code statx} of a path, not following a last symlink: the fields the build cache compares
 * (inode, size, modification and change times in nanoseconds) and the mode and owner, without the
 * attribute map the JDK's {@code unix:} view builds for each call. A context of tens of thousands
 * of files is stat'ed at every build, so the difference shows.
 */
public final class FileStat {

  /** What {@code statx} said of a file; times in nanoseconds since the epoch. */
  public record Stat(
      int mode, long ino, long size, long mtimeNanos, long ctimeNanos, int uid, int gid) {}

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;

  /** STATX_TYPE, MODE, NLINK, UID, GID, ATIME, MTIME, CTIME, INO, SIZE, BLOCKS. */
  private static final int STATX_BASIC_STATS = 0x7ff;

  /** {@code struct statx} is 256 bytes, the same on every architecture. */
  private static final long STATX_SIZE = 256;

  private static final MethodHandle STATX =
      Libc.function(
          "statx",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS));

  private FileStat() {}

  /** The status of {@code path} itself (a symlink is described, not followed). */
  public static Stat lstat(Path path) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment buf = arena.allocate(STATX_SIZE, 8);
      int rc =
          (int)
              STATX.invokeExact(
                  errno,
                  AT_FDCWD,
                  Libc.cString(arena, path.toString()),
                  AT_SYMLINK_NOFOLLOW,
                  STATX_BASIC_STATS,
                  buf);
      if (rc != 0) {
        throw new SysException("statx", path.toString(), Libc.errno(errno));
      }
      return new Stat(
          Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28)),
          buf.get(ValueLayout.JAVA_LONG, 32),
          buf.get(ValueLayout.JAVA_LONG, 40),
          nanos(buf, 112),
          nanos(buf, 96),
          buf.get(ValueLayout.JAVA_INT, 20),
          buf.get(ValueLayout.JAVA_INT, 24));
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("statx " + path, t);
    }
  }

  /** A {@code struct statx_timestamp} at {@code offset}: seconds (s64), then nanoseconds (u32). */
  private static long nanos(MemorySegment buf, long offset) {
    return buf.get(ValueLayout.JAVA_LONG, offset) * 1_000_000_000L
        + Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, offset + 8));
  }
}
