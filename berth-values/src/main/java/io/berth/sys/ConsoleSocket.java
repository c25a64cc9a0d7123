package io.berth.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening unix socket on which an OCI runtime hands over the master of a container's
 * pseudo-terminal ({@code runc --console-socket PATH}): one connection, one message whose control
 * data carries the descriptor ({@code SCM_RIGHTS}, unix(7)). Closing it removes the socket file.
 * Not thread-safe: one caller receives.
 */
public final class ConsoleSocket implements AutoCloseable {

  private static final int AF_UNIX = 1;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_NONBLOCK = 04000;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_CTRUNC = 0x8;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final int SUN_PATH_BYTES = 108;
  private static final long CMSG_HEADER = 16;
  private static final int MAX_FDS = 8;

  private static final MethodHandle SOCKET =
      Libc.function(
          "socket",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT));
  private static final MethodHandle BIND =
      Libc.function(
          "bind",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));
  private static final MethodHandle LISTEN =
      Libc.function(
          "listen",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle ACCEPT4 =
      Libc.function(
          "accept4",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));
  private static final MethodHandle RECVMSG =
      Libc.function(
          "recvmsg",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));

  private final int fd;
  private final Path path;

  private ConsoleSocket(int fd, Path path) {
    this.fd = fd;
    this.path = path;
  }

  /**
   * Creates the socket file {@code path} (at most 107 bytes, in a directory only the daemon may
   * enter) and listens on it.
   */
  public static ConsoleSocket listen(Path path) throws SysException {
    String where = "console socket " + path;
    byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_BYTES) {
      throw new SysException(
          "bind", where + " (the path is longer than 107 bytes)", /* ENAMETOOLONG */ 36);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int fd =
          (int) SOCKET.invokeExact(errno, AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new SysException("socket", where, Libc.errno(errno));
      }
      MemorySegment address = arena.allocate(2 + SUN_PATH_BYTES, 2);
      address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
      MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
      if ((int) BIND.invokeExact(errno, fd, address, 2 + name.length + 1) != 0) {
        int e = Libc.errno(errno);
        Descriptors.close(fd);
        throw new SysException("bind", where, e);
      }
      if ((int) LISTEN.invokeExact(errno, fd, 1) != 0) {
        int e = Libc.errno(errno);
        Descriptors.close(fd);
        deleteQuietly(path);
        throw new SysException("listen", where, e);
      }
      return new ConsoleSocket(fd, path);
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("socket", t);
    }
  }

  /** The socket file's path, for {@code --console-socket}. */
  public Path path() {
    return path;
  }

  /**
   * Accepts the runtime's connection and returns the descriptor its message carries, waiting at
   * most {@code timeout} for each; the caller owns the descriptor (close-on-exec is set).
   */
  public int receive(Duration timeout) throws IOException {
    String where = "console socket " + path;
    int connection = accept(timeout, where);
    try {
      awaitReadable(connection, timeout, where + " (the runtime connected but sent nothing)");
      return receiveDescriptor(connection, where);
    } finally {
      Descriptors.close(connection);
    }
  }

  /** {@link #receive} as the master of a pseudo-terminal named {@code name}. */
  public Pty receivePty(Duration timeout, String name) throws IOException {
    return Pty.adopt(receive(timeout), name);
  }

  private int accept(Duration timeout, String where) throws IOException {
    awaitReadable(fd, timeout, where + " (no connection from the runtime)");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int connection =
          (int)
              ACCEPT4.invokeExact(errno, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
      if (connection < 0) {
        throw new SysException("accept4", where, Libc.errno(errno));
      }
      return connection;
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("accept4", t);
    }
  }

  private static void awaitReadable(int fd, Duration timeout, String what) throws IOException {
    short[] events =
        Descriptors.poll(
            new int[] {fd},
            new short[] {Descriptors.POLLIN},
            (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
            what);
    if (events[0] == 0) {
      throw new IOException(
          "waiting on " + what + ": nothing came in " + timeout.toMillis() + " ms");
    }
  }

  /** One recvmsg; the first descriptor of its SCM_RIGHTS data, any others closed. */
  private static int receiveDescriptor(int connection, String where) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = arena.allocate(4096);
      MemorySegment iov = arena.allocate(16, 8);
      iov.set(ValueLayout.ADDRESS, 0, data);
      iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
      long controlSize = CMSG_HEADER + 4L * MAX_FDS;
      MemorySegment control = arena.allocate(controlSize, 8);
      MemorySegment message = arena.allocate(56, 8);
      message.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
      message.set(ValueLayout.JAVA_INT, 8, 0);
      message.set(ValueLayout.ADDRESS, 16, iov);
      message.set(ValueLayout.JAVA_LONG, 24, 1L);
      message.set(ValueLayout.ADDRESS, 32, control);
      message.set(ValueLayout.JAVA_LONG, 40, controlSize);
      message.set(ValueLayout.JAVA_INT, 48, 0);
      MemorySegment errno = Libc.errnoSegment(arena);
      long n;
      do {
        n = (long) RECVMSG.invokeExact(errno, connection, message, MSG_CMSG_CLOEXEC);
      } while (n < 0 && Libc.errno(errno) == Descriptors.EINTR);
      if (n < 0) {
        throw new SysException("recvmsg", where, Libc.errno(errno));
      }
      List<Integer> fds = descriptors(control, message.get(ValueLayout.JAVA_LONG, 40));
      boolean truncated = (message.get(ValueLayout.JAVA_INT, 48) & MSG_CTRUNC) != 0;
      if (fds.isEmpty() || truncated) {
        fds.forEach(Descriptors::close);
        throw new IOException(
            "receiving a terminal on "
                + where
                + ": the message carried "
                + (truncated ? "more descriptors than expected" : "no descriptor"));
      }
      fds.subList(1, fds.size()).forEach(Descriptors::close);
      return fds.getFirst();
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("recvmsg", t);
    }
  }

  /** The descriptors of every SCM_RIGHTS header in the {@code length} bytes of {@code control}. */
  private static List<Integer> descriptors(MemorySegment control, long length) {
    List<Integer> fds = new ArrayList<>();
    long offset = 0;
    while (offset + CMSG_HEADER <= length) {
      long cmsgLength = control.get(ValueLayout.JAVA_LONG, offset);
      int level = control.get(ValueLayout.JAVA_INT, offset + 8);
      int type = control.get(ValueLayout.JAVA_INT, offset + 12);
      if (cmsgLength < CMSG_HEADER || offset + cmsgLength > length) {
        break;
      }
      if (level == SOL_SOCKET && type == SCM_RIGHTS) {
        for (long p = CMSG_HEADER; p + 4 <= cmsgLength; p += 4) {
          fds.add(control.get(ValueLayout.JAVA_INT, offset + p));
        }
      }
      offset += (cmsgLength + 7) & ~7L;
    }
    return fds;
  }

  /** Stops listening and removes the socket file. */
  @Override
  public void close() {
    Descriptors.close(fd);
    deleteQuietly(path);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover socket file in the daemon's own temporary directory is removed with it.
    }
  }
}
