package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Whole-filesystem calls Java lacks: {@code syncfs}, which writes every dirty page and inode of one
 * filesystem to its disk and waits for them — one journal commit where a file-by-file {@code fsync}
 * of thousands of new files would make thousands.
 */
public final class FileSync {

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;

  private static final MethodHandle OPEN =
      Libc.function(
          "open",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  private static final MethodHandle SYNCFS =
      Libc.function("syncfs", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle CLOSE =
      Libc.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private FileSync() {}

  /**
   * Writes everything the filesystem holding {@code path} has in memory to its disk, and returns
   * once it is there (a power cut afterwards loses none of it).
   */
  public static void syncfs(Path path) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int fd =
          (int) OPEN.invokeExact(errno, Libc.cString(arena, path.toString()), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw new SysException("open", path.toString(), Libc.errno(errno));
      }
      try {
        int rc = (int) SYNCFS.invokeExact(errno, fd);
        Nodes.check(rc, "syncfs", path, errno);
      } finally {
        int ignored = (int) CLOSE.invokeExact(errno, fd);
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("syncfs " + path, t);
    }
  }
}
