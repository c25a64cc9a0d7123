package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The file-descriptor calls that {@link Pty} and {@link ConsoleSocket} share: close, poll,
 * non-blocking mode, read and write, and an eventfd that wakes a poll when its owner closes.
 */
final class Descriptors {

  static final short POLLIN = 0x1;
  static final short POLLOUT = 0x4;
  static final short POLLERR = 0x8;
  static final short POLLHUP = 0x10;
  static final short POLLNVAL = 0x20;

  static final int EINTR = 4;
  static final int EIO = 5;
  static final int EAGAIN = 11;

  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;
  private static final int O_NONBLOCK = 04000;
  private static final int EFD_NONBLOCK = 04000;
  private static final int EFD_CLOEXEC = 02000000;

  private static final MethodHandle CLOSE =
      Libc.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle POLL =
      Libc.function(
          "poll",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT));
  private static final MethodHandle FCNTL =
      Libc.variadic(
          "fcntl",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT),
          2);
  private static final MethodHandle READ =
      Libc.function(
          "read",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle WRITE =
      Libc.function(
          "write",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle EVENTFD =
      Libc.function(
          "eventfd",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private Descriptors() {}

  /** Closes {@code fd}; a failure is not reported, as after close(2) the descriptor is gone. */
  static void close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      int rc = (int) CLOSE.invokeExact(Libc.errnoSegment(arena), fd);
      assert rc == 0 || rc == -1;
    } catch (Throwable t) {
      throw linkFailure("close", t);
    }
  }

  /**
   * Waits until one of {@code fds} has one of its {@code events}, or {@code timeoutMillis} passed
   * (-1: no limit); returns the events that happened, one per descriptor, all 0 on a timeout.
   */
  static short[] poll(int[] fds, short[] events, int timeoutMillis, String object)
      throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment pollfds = arena.allocate(8L * fds.length, 8);
      for (int i = 0; i < fds.length; i++) {
        pollfds.set(ValueLayout.JAVA_INT, 8L * i, fds[i]);
        pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, events[i]);
        pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 6, (short) 0);
      }
      int rc;
      do {
        rc = (int) POLL.invokeExact(errno, pollfds, (long) fds.length, timeoutMillis);
      } while (rc < 0 && Libc.errno(errno) == EINTR);
      if (rc < 0) {
        throw new SysException("poll", object, Libc.errno(errno));
      }
      short[] revents = new short[fds.length];
      for (int i = 0; i < fds.length; i++) {
        revents[i] = pollfds.get(ValueLayout.JAVA_SHORT, 8L * i + 6);
      }
      return revents;
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw linkFailure("poll", t);
    }
  }

  /** Makes reads and writes on {@code fd} return EAGAIN instead of blocking. */
  static void setNonBlocking(int fd, String object) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int flags = (int) FCNTL.invokeExact(errno, fd, F_GETFL, 0);
      if (flags < 0) {
        throw new SysException("fcntl F_GETFL", object, Libc.errno(errno));
      }
      if ((int) FCNTL.invokeExact(errno, fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        throw new SysException("fcntl F_SETFL O_NONBLOCK", object, Libc.errno(errno));
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw linkFailure("fcntl", t);
    }
  }

  /** A new non-blocking eventfd, for {@link #wake} to make a poll on it return. */
  static int eventFd(String object) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int fd = (int) EVENTFD.invokeExact(errno, 0, EFD_NONBLOCK | EFD_CLOEXEC);
      if (fd < 0) {
        throw new SysException("eventfd", object, Libc.errno(errno));
      }
      return fd;
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw linkFailure("eventfd", t);
    }
  }

  /** Makes the eventfd readable, so that every poll on it returns now and from now on. */
  static void wake(int eventFd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
      one.set(ValueLayout.JAVA_LONG, 0, 1L);
      long n = (long) WRITE.invokeExact(Libc.errnoSegment(arena), eventFd, one, 8L);
      assert n == 8 || n == -1;
    } catch (Throwable t) {
      throw linkFailure("write", t);
    }
  }

  /** One read(2) into {@code buffer}: the byte count, or minus the errno. */
  static long read(int fd, MemorySegment buffer, MemorySegment errno) {
    try {
      long n = (long) READ.invokeExact(errno, fd, buffer, buffer.byteSize());
      return n < 0 ? -Libc.errno(errno) : n;
    } catch (Throwable t) {
      throw linkFailure("read", t);
    }
  }

  /** One write(2) of {@code buffer}: the byte count, or minus the errno. */
  static long write(int fd, MemorySegment buffer, MemorySegment errno) {
    try {
      long n = (long) WRITE.invokeExact(errno, fd, buffer, buffer.byteSize());
      return n < 0 ? -Libc.errno(errno) : n;
    } catch (Throwable t) {
      throw linkFailure("write", t);
    }
  }

  static RuntimeException linkFailure(String call, Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("calling " + call + " through the foreign function API", t);
  }
}
