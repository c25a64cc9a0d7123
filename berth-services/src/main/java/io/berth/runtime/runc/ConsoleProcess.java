package io.berth.runtime.runc;

import io.berth.errors.BerthException;
import io.berth.runtime.ConsoleSize;
import io.berth.runtime.RuntimeProcess;
import io.berth.sys.ChildProcesses;
import io.berth.sys.Pty;
import io.berth.sys.SysException;
import io.berth.sys.WindowSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A process with a terminal, started by {@code runc run|exec --detach --console-socket}: runc has
 * exited, the process is this JVM's child (it is a subreaper), and the daemon owns the pty master.
 * One platform thread reads the master into a queue that {@link #stdout} drains; another waits for
 * the process, then gives the output a moment to arrive, closes the master and runs what must
 * follow the end (removing the container from runc).
 */
final class ConsoleProcess implements RuntimeProcess {

  /** How long output may trail the process's end (a background process holding the terminal). */
  private static final Duration DRAIN = Duration.ofSeconds(2);

  private static final int CHUNK = 16 * 1024;

  private final String id;
  private final String what;
  private final Pty pty;
  private final boolean stdinWanted;
  private final Chunks output = new Chunks();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile Optional<Integer> exitCode = Optional.empty();

  private ConsoleProcess(String id, String what, Pty pty, boolean stdinWanted) {
    this.id = id;
    this.what = what;
    this.pty = pty;
    this.stdinWanted = stdinWanted;
  }

  /**
   * Starts reading {@code pty} and waiting for child {@code pid}; {@code afterExit} runs once the
   * process has ended and its output is read, before {@link #onExit} completes.
   */
  static ConsoleProcess start(
      String id, String what, int pid, Pty pty, boolean stdinWanted, Runnable afterExit) {
    ConsoleProcess p = new ConsoleProcess(id, what, pty, stdinWanted);
    String tag = id.length() > 12 ? id.substring(0, 12) : id;
    Thread reader = Thread.ofPlatform().daemon().name("berth-tty-" + tag).start(p::readAll);
    Thread.ofPlatform()
        .daemon()
        .name("berth-wait-" + tag)
        .start(() -> p.awaitExit(pid, reader, afterExit));
    return p;
  }

  private void readAll() {
    byte[] buffer = new byte[CHUNK];
    try {
      int n;
      while ((n = pty.read(buffer, 0, buffer.length)) > 0) {
        output.put(java.util.Arrays.copyOf(buffer, n));
      }
    } catch (IOException e) {
      // The terminal went away with its process.
    } finally {
      output.end();
    }
  }

  private void awaitExit(int pid, Thread reader, Runnable afterExit) {
    int code;
    try {
      code = ChildProcesses.waitFor(pid);
    } catch (SysException e) {
      code = 255;
    }
    try {
      reader.join(DRAIN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pty.close();
    try {
      afterExit.run();
    } catch (RuntimeException e) {
      // Cleaning up after the process must not lose its exit code.
    }
    exitCode = Optional.of(code);
    exit.complete(code);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<OutputStream> stdin() {
    if (!stdinWanted) {
      return Optional.empty();
    }
    return Optional.of(
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            pty.write(b, off, len);
          }

          /** A terminal has no end of input short of its hangup: closing it writes nothing. */
          @Override
          public void close() {}
        });
  }

  @Override
  public InputStream stdout() {
    return output;
  }

  @Override
  public InputStream stderr() {
    return InputStream.nullInputStream();
  }

  @Override
  public int waitFor() {
    try {
      return exit.join();
    } catch (CompletionException e) {
      throw BerthException.internal(what + " " + id + ": waiting for the process", e.getCause());
    }
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public Optional<Integer> exitCode() {
    return exitCode;
  }

  @Override
  public void resize(ConsoleSize size) {
    if (!size.isSet()) {
      return;
    }
    try {
      pty.resize(new WindowSize(size.height(), size.width()));
    } catch (SysException e) {
      if (pty.isClosed()) {
        throw BerthException.precondition("%s %s: the process has ended", what, id);
      }
      throw BerthException.internal("resizing the terminal of " + what + " " + id, e);
    }
  }

  /** Closes the terminal: the process gets SIGHUP, the output ends. */
  @Override
  public void close() {
    pty.close();
    output.discard();
  }

  /** What the reader thread has read, for one consumer at a time; blocking parks, never pins. */
  private static final class Chunks extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);
    private volatile boolean discarding;
    private byte[] current;
    private int position;

    void put(byte[] chunk) {
      try {
        while (!discarding) {
          if (queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Marks the end, after every chunk put before it (all dropped once discarding). */
    void end() {
      put(END);
      if (discarding) {
        queue.clear();
        queue.offer(END);
      }
    }

    /** Nobody reads any more: drop what is queued and what comes, and end the stream. */
    void discard() {
      discarding = true;
      queue.clear();
      queue.offer(END);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (current == END) {
        return -1;
      }
      if (current == null || position == current.length) {
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("reading a container's terminal");
        }
        position = 0;
        if (current == END) {
          return -1;
        }
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }
  }
}
