package io.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The sending half of descriptor passing, as runc does it: connect to a unix socket and send one
 * message whose SCM_RIGHTS control data carries descriptors. Written apart from {@link
 * ConsoleSocket} so that each checks the other's idea of the layout.
 */
final class FdSender {

  private static final MethodHandle SOCKET =
      Libc.function(
          "socket",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT));
  private static final MethodHandle CONNECT =
      Libc.function(
          "connect",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));
  private static final MethodHandle SENDMSG =
      Libc.function(
          "sendmsg",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT));

  private FdSender() {}

  /** Connects to {@code socket} and sends {@code text} with {@code fds} attached. */
  static void send(Path socket, String text, int... fds) throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      int fd = (int) SOCKET.invokeExact(errno, 1, 1, 0);
      if (fd < 0) {
        throw new SysException("socket", socket.toString(), Libc.errno(errno));
      }
      try {
        MemorySegment address = arena.allocate(110, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
        byte[] name = socket.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
        if ((int) CONNECT.invokeExact(errno, fd, address, 110) != 0) {
          throw new SysException("connect", socket.toString(), Libc.errno(errno));
        }
        MemorySegment data = arena.allocateFrom(text);
        MemorySegment iov = arena.allocate(16, 8);
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize() - 1);
        long cmsgLen = 16 + 4L * fds.length;
        long space = (cmsgLen + 7) & ~7L;
        MemorySegment control = arena.allocate(Math.max(space, 8), 8);
        control.set(ValueLayout.JAVA_LONG, 0, cmsgLen);
        control.set(ValueLayout.JAVA_INT, 8, 1);
        control.set(ValueLayout.JAVA_INT, 12, 1);
        for (int i = 0; i < fds.length; i++) {
          control.set(ValueLayout.JAVA_INT, 16 + 4L * i, fds[i]);
        }
        MemorySegment msg = arena.allocate(56, 8);
        msg.set(ValueLayout.ADDRESS, 16, iov);
        msg.set(ValueLayout.JAVA_LONG, 24, 1L);
        msg.set(ValueLayout.ADDRESS, 32, fds.length == 0 ? MemorySegment.NULL : control);
        msg.set(ValueLayout.JAVA_LONG, 40, fds.length == 0 ? 0L : space);
        if ((long) SENDMSG.invokeExact(errno, fd, msg, 0) < 0) {
          throw new SysException("sendmsg", socket.toString(), Libc.errno(errno));
        }
      } finally {
        Descriptors.close(fd);
      }
    }
  }
}
