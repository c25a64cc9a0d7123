package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * The Linux calls {@code mount(2)} and {@code umount2(2)}, with the flag constants of {@code
 * <sys/mount.h>}; a failure is a {@link SysException} naming the call, the target, the errno and,
 * where one is likely, the cause.
 */
public final class Mounts {

  /** Mount read-only. */
  public static final long MS_RDONLY = 1L;

  /** Ignore set-user-ID and set-group-ID bits. */
  public static final long MS_NOSUID = 2L;

  /** Refuse access to device files. */
  public static final long MS_NODEV = 4L;

  /** Refuse to execute programs. */
  public static final long MS_NOEXEC = 8L;

  /** Change the flags of an existing mount. */
  public static final long MS_REMOUNT = 32L;

  /** Do not update access times. */
  public static final long MS_NOATIME = 1024L;

  /** Bind-mount a directory or file elsewhere. */
  public static final long MS_BIND = 4096L;

  /** Move an existing mount. */
  public static final long MS_MOVE = 8192L;

  /** Apply to the whole subtree (with {@link #MS_BIND} or a propagation flag). */
  public static final long MS_REC = 16384L;

  /** Propagation: receive and send no mount events. */
  public static final long MS_PRIVATE = 1L << 18;

  /** Propagation: receive mount events but send none. */
  public static final long MS_SLAVE = 1L << 19;

  /** Propagation: share mount events with the peer group. */
  public static final long MS_SHARED = 1L << 20;

  /** Update access times relative to modification times. */
  public static final long MS_RELATIME = 1L << 21;

  /** {@code umount2} flag: detach now, clean up when the mount is no longer busy. */
  public static final int MNT_DETACH = 2;

  /** {@code umount2} flag: force the unmount even when busy (network filesystems). */
  public static final int MNT_FORCE = 1;

  /** The most bytes the kernel copies of a mount's {@code data} string, NUL included. */
  public static final int MAX_DATA_BYTES = 4096;

  private static final int EPERM = 1;
  private static final int ENOENT = 2;
  private static final int EBUSY = 16;
  private static final int ENODEV = 19;
  private static final int EINVAL = 22;

  private static final MethodHandle MOUNT =
      Libc.function(
          "mount",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS));

  private static final MethodHandle UMOUNT2 =
      Libc.function(
          "umount2",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

  private static final MethodHandle UNSHARE =
      Libc.function("unshare", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private static final MethodHandle CHDIR =
      Libc.function("chdir", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

  /** {@code unshare} flag: a private root, working directory and umask for the calling thread. */
  private static final int CLONE_FS = 0x200;

  private Mounts() {}

  /**
   * Calls {@code mount} as {@link #mount} does, but with {@code directory} as the working
   * directory, so that relative paths in {@code data} (an overlay's {@code lowerdir=1/fs:2/fs})
   * resolve under it: the kernel copies at most a page of options, and relative lower directories
   * let far more layers fit. Java cannot change directory, and the process's working directory is
   * shared by every thread, so the call runs on a fresh platform thread that first takes a private
   * working directory ({@code unshare(CLONE_FS)}) and ends afterwards; {@code target} must be
   * absolute.
   */
  public static void mountFrom(
      java.nio.file.Path directory,
      String source,
      String target,
      String fstype,
      long flags,
      String data)
      throws SysException {
    Objects.requireNonNull(directory, "directory");
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("mountFrom needs an absolute target, not " + target);
    }
    SysException[] failure = new SysException[1];
    RuntimeException[] crash = new RuntimeException[1];
    Thread thread =
        Thread.ofPlatform()
            .name("berth-mount-from")
            .unstarted(
                () -> {
                  try {
                    call(UNSHARE, "unshare", "CLONE_FS for a private working directory", CLONE_FS);
                    chdir(directory.toString());
                    mount(source, target, fstype, flags, data);
                  } catch (SysException e) {
                    failure[0] = e;
                  } catch (RuntimeException e) {
                    crash[0] = e;
                  }
                });
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the mount cannot be abandoned half-way; finish, then pass it on
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    if (crash[0] != null) {
      throw crash[0];
    }
  }

  private static void chdir(String directory) throws SysException {
    int result;
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errnoSegment = Libc.errnoSegment(arena);
      result = (int) CHDIR.invokeExact(errnoSegment, Libc.cString(arena, directory));
      errno = Libc.errno(errnoSegment);
    } catch (Throwable t) {
      throw linkFailure("chdir", t);
    }
    if (result != 0) {
      throw new SysException("chdir", directory, errno);
    }
  }

  private static void call(MethodHandle handle, String call, String what, int argument)
      throws SysException {
    int result;
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errnoSegment = Libc.errnoSegment(arena);
      result = (int) handle.invokeExact(errnoSegment, argument);
      errno = Libc.errno(errnoSegment);
    } catch (Throwable t) {
      throw linkFailure(call, t);
    }
    if (result != 0) {
      throw new SysException(call, what, errno);
    }
  }

  /**
   * Calls {@code mount(source, target, fstype, flags, data)}; {@code fstype} and {@code data} may
   * be empty, for a bind mount or a remount.
   */
  public static void mount(String source, String target, String fstype, long flags, String data)
      throws SysException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(fstype, "fstype");
    Objects.requireNonNull(data, "data");
    if (data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MAX_DATA_BYTES) {
      throw new SysException(
          "mount", describe(source, target, fstype) + ", whose options exceed one page", EINVAL);
    }
    int result;
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errnoSegment = Libc.errnoSegment(arena);
      MemorySegment type = fstype.isEmpty() ? MemorySegment.NULL : Libc.cString(arena, fstype);
      MemorySegment options = data.isEmpty() ? MemorySegment.NULL : Libc.cString(arena, data);
      result =
          (int)
              MOUNT.invokeExact(
                  errnoSegment,
                  Libc.cString(arena, source),
                  Libc.cString(arena, target),
                  type,
                  flags,
                  options);
      errno = Libc.errno(errnoSegment);
    } catch (Throwable t) {
      throw linkFailure("mount", t);
    }
    if (result != 0) {
      throw new SysException(
          "mount", describe(source, target, fstype) + hint(errno, fstype, flags), errno);
    }
  }

  /** Calls {@code umount2(target, flags)}, e.g. with {@link #MNT_DETACH}. */
  public static void unmount(String target, int flags) throws SysException {
    Objects.requireNonNull(target, "target");
    int result;
    int errno;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errnoSegment = Libc.errnoSegment(arena);
      result = (int) UMOUNT2.invokeExact(errnoSegment, Libc.cString(arena, target), flags);
      errno = Libc.errno(errnoSegment);
    } catch (Throwable t) {
      throw linkFailure("umount2", t);
    }
    if (result != 0) {
      throw new SysException("umount2", target + unmountHint(errno), errno);
    }
  }

  /** Whether {@code e} says the target was not mounted ({@code EINVAL} from umount2). */
  public static boolean notMounted(SysException e) {
    return e.errno() == EINVAL;
  }

  private static String describe(String source, String target, String fstype) {
    String type = fstype.isEmpty() ? "" : "-t " + fstype + " ";
    return type + source + " on " + target;
  }

  private static String hint(int errno, String fstype, long flags) {
    return switch (errno) {
      case EPERM ->
          fstype.equals("overlay")
              ? " (overlay needs root or CAP_SYS_ADMIN)"
              : " (mounting needs root or CAP_SYS_ADMIN)";
      case ENOENT -> " (the source or the target does not exist)";
      case ENODEV -> " (the kernel does not know filesystem type \"" + fstype + "\")";
      case EINVAL ->
          (flags & MS_BIND) != 0
              ? " (a bad flag combination, or the source is not a mount point)"
              : " (a bad option, or a lower directory that is missing or not a directory)";
      default -> "";
    };
  }

  private static String unmountHint(int errno) {
    return switch (errno) {
      case EINVAL -> " (not a mount point)";
      case EBUSY -> " (still in use; MNT_DETACH unmounts lazily)";
      case EPERM -> " (unmounting needs root or CAP_SYS_ADMIN)";
      default -> "";
    };
  }

  private static RuntimeException linkFailure(String call, Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("calling " + call + " through the foreign function API", t);
  }
}
