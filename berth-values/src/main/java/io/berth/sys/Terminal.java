package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The terminal a command runs in, by file descriptor (0 for stdin): whether it is one (isatty), its
 * size (TIOCGWINSZ), and raw mode (termios(3), {@code cfmakeraw}) with what restores it.
 */
public final class Terminal {

  /** Room for glibc's {@code struct termios} (60 bytes on Linux), kept opaque. */
  private static final long TERMIOS_BYTES = 256;

  private static final int TCSANOW = 0;

  private static final MethodHandle ISATTY =
      Libc.function("isatty", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle TCGETATTR =
      Libc.function(
          "tcgetattr",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle TCSETATTR =
      Libc.function(
          "tcsetattr",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS));
  private static final MethodHandle CFMAKERAW =
      Libc.function("cfmakeraw", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

  private Terminal() {}

  /** Whether descriptor {@code fd} of this process is a terminal. */
  public static boolean isTerminal(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) ISATTY.invokeExact(Libc.errnoSegment(arena), fd) == 1;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("isatty", t);
    }
  }

  /** The size of the terminal on {@code fd}; empty when it is not a terminal. */
  public static Optional<WindowSize> size(int fd) {
    try {
      return Optional.of(Pty.windowSize(fd, "descriptor " + fd));
    } catch (SysException e) {
      return Optional.empty();
    }
  }

  /**
   * Puts the terminal on {@code fd} in raw mode (no echo, no line editing, no signals from keys, no
   * output processing), as {@code docker run -it} does; closing the result restores the old mode.
   */
  public static RawMode raw(int fd) throws SysException {
    String what = "the terminal on descriptor " + fd;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment termios = arena.allocate(TERMIOS_BYTES, 8);
      if ((int) TCGETATTR.invokeExact(errno, fd, termios) != 0) {
        throw new SysException("tcgetattr", what, Libc.errno(errno));
      }
      byte[] saved = termios.toArray(ValueLayout.JAVA_BYTE);
      CFMAKERAW.invokeExact(errno, termios);
      if ((int) TCSETATTR.invokeExact(errno, fd, TCSANOW, termios) != 0) {
        throw new SysException("tcsetattr", what, Libc.errno(errno));
      }
      return new RawMode(fd, saved);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("tcsetattr", t);
    }
  }

  /** A terminal in raw mode; {@link #close} puts its old mode back, once, from any thread. */
  public static final class RawMode implements AutoCloseable {
    private final int fd;
    private final byte[] saved;
    private final AtomicBoolean restored = new AtomicBoolean();

    private RawMode(int fd, byte[] saved) {
      this.fd = fd;
      this.saved = saved;
    }

    /** Restores the mode the terminal had; a terminal that went away is left as it is. */
    @Override
    public void close() {
      if (!restored.compareAndSet(false, true)) {
        return;
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment termios = arena.allocate(TERMIOS_BYTES, 8);
        MemorySegment.copy(saved, 0, termios, ValueLayout.JAVA_BYTE, 0, saved.length);
        int rc = (int) TCSETATTR.invokeExact(Libc.errnoSegment(arena), fd, TCSANOW, termios);
        assert rc == 0 || rc == -1;
      } catch (Throwable t) {
        throw Descriptors.linkFailure("tcsetattr", t);
      }
    }
  }
}
