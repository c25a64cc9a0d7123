package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * File-system nodes Java cannot make or change itself: device nodes and fifos ({@code mknod}),
 * ownership of a symlink ({@code lchown}), and the full mode with setuid, setgid and sticky bits
 * ({@code chmod}).
 */
public final class Nodes {

  /** The file-type bits of a mode, and the types {@link #mknod} makes. */
  public static final int S_IFMT = 0170000;

  public static final int S_IFIFO = 0010000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;

  private static final MethodHandle MKNOD =
      Libc.function(
          "mknod",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle LCHOWN =
      Libc.function(
          "lchown",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT));
  private static final MethodHandle CHMOD =
      Libc.function(
          "chmod",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  private static final MethodHandle GETEUID =
      Libc.function("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

  private Nodes() {}

  /** Makes the node {@code path} of type and permissions {@code mode} and device {@code dev}. */
  public static void mknod(Path path, int mode, long dev) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int rc = (int) MKNOD.invokeExact(errno, Libc.cString(arena, path.toString()), mode, dev);
      check(rc, "mknod", path, errno);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("mknod " + path, t);
    }
  }

  /** Sets the numeric owner of {@code path} itself, not of what a symlink points to. */
  public static void lchown(Path path, int uid, int gid) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int rc = (int) LCHOWN.invokeExact(errno, Libc.cString(arena, path.toString()), uid, gid);
      check(rc, "lchown", path, errno);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("lchown " + path, t);
    }
  }

  /** Sets all twelve permission bits of {@code path}, setuid, setgid and sticky included. */
  public static void chmod(Path path, int mode) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int rc = (int) CHMOD.invokeExact(errno, Libc.cString(arena, path.toString()), mode & 07777);
      check(rc, "chmod", path, errno);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("chmod " + path, t);
    }
  }

  /** The effective user ID of this process. */
  public static int geteuid() {
    try (Arena arena = Arena.ofConfined()) {
      return (int) GETEUID.invokeExact(Libc.errnoSegment(arena));
    } catch (Throwable t) {
      throw new IllegalStateException("geteuid", t);
    }
  }

  /** A device number from its major and minor halves, as glibc's {@code makedev} packs them. */
  public static long makedev(long major, long minor) {
    return (minor & 0xffL)
        | ((major & 0xfffL) << 8)
        | ((minor & ~0xffL) << 12)
        | ((major & ~0xfffL) << 32);
  }

  /** The major half of device number {@code dev}. */
  public static long major(long dev) {
    return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
  }

  /** The minor half of device number {@code dev}. */
  public static long minor(long dev) {
    return (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
  }

  static void check(int rc, String call, Path path, MemorySegment errno) throws SysException {
    if (rc != 0) {
      throw new SysException(call, path.toString(), Libc.errno(errno));
    }
  }
}
