package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Processes this JVM did not start but must reap: with {@link #becomeSubreaper}, a container that
 * {@code runc run --detach} started becomes this process's child when runc exits, and {@link
 * #waitFor} collects its exit status, as a containerd shim does.
 */
public final class ChildProcesses {

  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int ECHILD = 10;

  private static final MethodHandle PRCTL =
      Libc.variadic(
          "prctl",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
          1);
  private static final MethodHandle WAITPID =
      Libc.function(
          "waitpid",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));

  private ChildProcesses() {}

  /**
   * Makes orphaned descendants of this process its children instead of init's (prctl
   * PR_SET_CHILD_SUBREAPER); harmless to repeat.
   */
  public static void becomeSubreaper() throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      if ((int) PRCTL.invokeExact(errno, PR_SET_CHILD_SUBREAPER, 1L) != 0) {
        throw new SysException("prctl PR_SET_CHILD_SUBREAPER", "the daemon", Libc.errno(errno));
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("prctl", t);
    }
  }

  /**
   * Waits for child {@code pid} to end and reaps it; its exit code, or 128 + the signal that killed
   * it, as a shell reports it. Blocks the calling thread in waitpid(2): run it on a platform
   * thread.
   */
  public static int waitFor(int pid) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
      int rc;
      do {
        rc = (int) WAITPID.invokeExact(errno, pid, status, 0);
      } while (rc < 0 && Libc.errno(errno) == Descriptors.EINTR);
      if (rc < 0) {
        int e = Libc.errno(errno);
        throw new SysException(
            "waitpid", "process " + pid + (e == ECHILD ? " (not a child of this process)" : ""), e);
      }
      return exitCode(status.get(ValueLayout.JAVA_INT, 0));
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("waitpid", t);
    }
  }

  /** The shell's exit code for a wait status: the code, or 128 + the terminating signal. */
  static int exitCode(int status) {
    int signal = status & 0x7f;
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
  }
}
