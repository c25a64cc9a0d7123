package io.berth.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The master side of a pseudo-terminal, as runc hands it over for a container with {@code -t}: what
 * the container writes is read here, what the user types is written here, and its window size is
 * set here. The descriptor is non-blocking; {@link #read} waits in poll(2) and so should run on a
 * platform thread, {@link #write} waits by sleeping. {@link #close} wakes a waiting read, which
 * then returns end-of-file. Thread-safe.
 */
public final class Pty implements AutoCloseable {

  private static final long TIOCGWINSZ = 0x5413;
  private static final long TIOCSWINSZ = 0x5414;
  private static final int O_RDWR = 02;
  private static final int O_NOCTTY = 0400;
  private static final int O_CLOEXEC = 02000000;
  private static final Duration WRITE_RETRY = Duration.ofMillis(5);

  private static final MethodHandle IOCTL =
      Libc.variadic(
          "ioctl",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS),
          2);
  private static final MethodHandle POSIX_OPENPT =
      Libc.function(
          "posix_openpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle GRANTPT =
      Libc.function("grantpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle UNLOCKPT =
      Libc.function("unlockpt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle PTSNAME_R =
      Libc.function(
          "ptsname_r",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG));

  private final int fd;
  private final int wake;
  private final String name;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pty(int fd, int wake, String name) {
    this.fd = fd;
    this.wake = wake;
    this.name = name;
  }

  /**
   * Takes ownership of the pty master {@code fd} (received from runc, say); {@code name} says whose
   * terminal it is in error messages. The descriptor is closed if this fails.
   */
  public static Pty adopt(int fd, String name) throws SysException {
    try {
      Descriptors.setNonBlocking(fd, name);
      return new Pty(fd, Descriptors.eventFd(name), name);
    } catch (SysException e) {
      Descriptors.close(fd);
      throw e;
    }
  }

  /** A new pseudo-terminal: its master, and the path of its slave for a process to open. */
  public static Opened open() throws SysException {
    String what = "a new pseudo-terminal";
    int master;
    Path slave;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      master = (int) POSIX_OPENPT.invokeExact(errno, O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (master < 0) {
        throw new SysException("posix_openpt", what, Libc.errno(errno));
      }
      try {
        if ((int) GRANTPT.invokeExact(errno, master) != 0) {
          throw new SysException("grantpt", what, Libc.errno(errno));
        }
        if ((int) UNLOCKPT.invokeExact(errno, master) != 0) {
          throw new SysException("unlockpt", what, Libc.errno(errno));
        }
        MemorySegment buffer = arena.allocate(128);
        int rc = (int) PTSNAME_R.invokeExact(errno, master, buffer, buffer.byteSize());
        if (rc != 0) {
          throw new SysException("ptsname_r", what, rc);
        }
        slave = Path.of(buffer.getString(0));
      } catch (SysException e) {
        Descriptors.close(master);
        throw e;
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("posix_openpt", t);
    }
    return new Opened(adopt(master, "pseudo-terminal " + slave), slave);
  }

  /** A pseudo-terminal made by {@link #open}: the master and the slave's device path. */
  public record Opened(Pty master, Path slave) {}

  /**
   * Reads what the other side wrote, waiting for it; -1 at end-of-file, which is when every process
   * has closed the slave side (EIO), or when this master is closed.
   */
  public int read(byte[] bytes, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    lock.readLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment buffer = arena.allocate(length);
      while (!closed.get()) {
        long n = Descriptors.read(fd, buffer, errno);
        if (n > 0) {
          MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, offset, (int) n);
          return (int) n;
        }
        if (n == 0 || n == -Descriptors.EIO) {
          return -1;
        }
        if (n == -Descriptors.EAGAIN) {
          Descriptors.poll(
              new int[] {fd, wake}, new short[] {Descriptors.POLLIN, Descriptors.POLLIN}, -1, name);
        } else if (n != -Descriptors.EINTR) {
          throw new SysException("read", name, (int) -n);
        }
      }
      return -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Writes all of {@code bytes} as typed input, waiting while the terminal's buffer is full. */
  public void write(byte[] bytes, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    lock.readLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      MemorySegment buffer = arena.allocate(Math.max(length, 1));
      MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
      long written = 0;
      while (written < length) {
        if (closed.get()) {
          throw new IOException("writing to " + name + ": it is closed");
        }
        long n = Descriptors.write(fd, buffer.asSlice(written, length - written), errno);
        if (n >= 0) {
          written += n;
        } else if (n == -Descriptors.EAGAIN) {
          sleep();
        } else if (n == -Descriptors.EIO) {
          throw new SysException("write", name + " (no process has it open any more)", (int) -n);
        } else if (n != -Descriptors.EINTR) {
          throw new SysException("write", name, (int) -n);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sets the window size; the processes on the terminal get SIGWINCH. */
  public void resize(WindowSize size) throws SysException {
    lock.readLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      if (closed.get()) {
        throw new SysException("ioctl TIOCSWINSZ", name + " (closed)", Descriptors.EIO);
      }
      MemorySegment winsize = arena.allocate(8, 2);
      winsize.set(ValueLayout.JAVA_SHORT, 0, (short) size.rows());
      winsize.set(ValueLayout.JAVA_SHORT, 2, (short) size.columns());
      MemorySegment errno = Libc.errnoSegment(arena);
      if ((int) IOCTL.invokeExact(errno, fd, TIOCSWINSZ, winsize) != 0) {
        throw new SysException("ioctl TIOCSWINSZ", name, Libc.errno(errno));
      }
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("ioctl", t);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The window size now. */
  public WindowSize size() throws SysException {
    lock.readLock().lock();
    try {
      if (closed.get()) {
        throw new SysException("ioctl TIOCGWINSZ", name + " (closed)", Descriptors.EIO);
      }
      return windowSize(fd, name);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The window size of terminal {@code fd} (TIOCGWINSZ). */
  static WindowSize windowSize(int fd, String name) throws SysException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment winsize = arena.allocate(8, 2);
      MemorySegment errno = Libc.errnoSegment(arena);
      if ((int) IOCTL.invokeExact(errno, fd, TIOCGWINSZ, winsize) != 0) {
        throw new SysException("ioctl TIOCGWINSZ", name, Libc.errno(errno));
      }
      return new WindowSize(
          Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 0)),
          Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2)));
    } catch (SysException e) {
      throw e;
    } catch (Throwable t) {
      throw Descriptors.linkFailure("ioctl", t);
    }
  }

  /** The raw descriptor, for tests in this package that pass it on. */
  int descriptor() {
    return fd;
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes the master: a waiting read returns end-of-file, the container's side gets SIGHUP. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Descriptors.wake(wake);
    lock.writeLock().lock();
    try {
      Descriptors.close(fd);
      Descriptors.close(wake);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(WRITE_RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing to a terminal");
    }
  }
}
