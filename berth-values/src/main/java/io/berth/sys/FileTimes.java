package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Instant;

/**
 * File times set with {@code utimensat}, which, unlike Java's file API, can change a symlink's own
 * times ({@code AT_SYMLINK_NOFOLLOW}).
 */
public final class FileTimes {

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;

  private static final MethodHandle UTIMENSAT =
      Libc.function(
          "utimensat",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));

  private FileTimes() {}

  /**
   * Sets the access and modification times of {@code path} itself (a symlink is not followed) to
   * {@code atime} and {@code mtime}.
   */
  public static void lutimes(Path path, Instant atime, Instant mtime) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment times = arena.allocate(ValueLayout.JAVA_LONG, 4);
      times.setAtIndex(ValueLayout.JAVA_LONG, 0, atime.getEpochSecond());
      times.setAtIndex(ValueLayout.JAVA_LONG, 1, atime.getNano());
      times.setAtIndex(ValueLayout.JAVA_LONG, 2, mtime.getEpochSecond());
      times.setAtIndex(ValueLayout.JAVA_LONG, 3, mtime.getNano());
      MemorySegment errno = Libc.errnoSegment(arena);
      int rc =
          (int)
              UTIMENSAT.invokeExact(
                  errno,
                  AT_FDCWD,
                  Libc.cString(arena, path.toString()),
                  times,
                  AT_SYMLINK_NOFOLLOW);
      Nodes.check(rc, "utimensat", path, errno);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("utimensat " + path, t);
    }
  }
}
