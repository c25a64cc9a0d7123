package io.berth.container.local;

import io.berth.container.AttachOptions;
import io.berth.container.Attachment;
import io.berth.container.Container;
import io.berth.container.OutputSink;
import io.berth.container.StdStream;
import io.berth.runtime.RuntimeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container as the supervisor holds it in memory: its latest record, the lock that serialises
 * its lifecycle, its running process and log, the clients attached to it, and the futures that
 * waiters block on.
 */
final class Supervised {

  /**
   * The most a pump reads at once: 8 KiB, since the JDK reads a pipe of a larger request through a
   * buffer it allocates outside the heap for the time the read blocks, which for an idle container
   * is all the time (two pipes each).
   */
  private static final int CHUNK = 8 * 1024;

  final ReentrantLock lock = new ReentrantLock();
  private volatile Container container;
  volatile RuntimeProcess process;
  volatile JsonFileLog log;
  volatile CompletableFuture<Void> runDone = CompletableFuture.completedFuture(null);
  volatile CompletableFuture<Integer> nextExit = new CompletableFuture<>();
  final CompletableFuture<Integer> removed = new CompletableFuture<>();
  volatile CompletableFuture<OutputStream> stdin = new CompletableFuture<>();
  volatile Future<?> restartTimer;
  volatile Future<?> healthTimer;
  private final List<Session> sessions = new CopyOnWriteArrayList<>();

  Supervised(Container container) {
    this.container = container;
  }

  Container container() {
    return container;
  }

  void set(Container value) {
    container = value;
  }

  String id() {
    return container.id();
  }

  /** A client that receives the output of the current or next run. */
  Attachment attach(AttachOptions options, OutputSink sink) {
    Session s = new Session(options, sink);
    sessions.add(s);
    return s;
  }

  /** Copies {@code in} (a stream of the running process) to the log and the attached clients. */
  void pump(StdStream stream, InputStream in, JsonFileLog toLog) {
    LineSplitter lines = new LineSplitter(stream, toLog);
    byte[] buffer = new byte[CHUNK];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (Session s : sessions) {
          s.deliver(stream, buffer, n);
        }
        lines.add(buffer, n);
      }
    } catch (IOException e) {
      // The pipe closes when the process ends or the daemon lets go of it.
    } finally {
      lines.flush();
    }
  }

  /** Ends every attached session: the run they followed is over. */
  void endSessions() {
    for (Session s : sessions) {
      sessions.remove(s);
      s.done.complete(null);
    }
  }

  /** The pipe to the running process's stdin, when it has one. */
  Optional<OutputStream> currentStdin() {
    return Optional.ofNullable(stdin.getNow(null));
  }

  /** An attached client. */
  private final class Session implements Attachment {
    private final AttachOptions options;
    private final OutputSink sink;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Session(AttachOptions options, OutputSink sink) {
      this.options = options;
      this.sink = sink;
    }

    void deliver(StdStream stream, byte[] bytes, int length) {
      if (!options.wants(stream) || done.isDone()) {
        return;
      }
      try {
        sink.write(stream, bytes, 0, length);
      } catch (IOException e) {
        close();
      }
    }

    @Override
    public OutputStream stdin() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          OutputStream target = stdin.join();
          target.write(b, off, len);
          target.flush();
        }

        @Override
        public void close() throws IOException {
          OutputStream target = stdin.getNow(null);
          if (target != null && container.config().stdinOnce()) {
            target.close();
          }
        }
      };
    }

    @Override
    public CompletableFuture<Void> done() {
      return done;
    }

    @Override
    public void close() {
      sessions.remove(this);
      done.complete(null);
    }
  }

  /** Cuts a stream into log entries at newlines, as Docker's json-file lines are. */
  private static final class LineSplitter {
    private final StdStream stream;
    private final JsonFileLog log;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    LineSplitter(StdStream stream, JsonFileLog log) {
      this.stream = stream;
      this.log = log;
    }

    void add(byte[] bytes, int length) {
      int start = 0;
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          pending.write(bytes, start, i + 1 - start);
          emit();
          start = i + 1;
        }
      }
      pending.write(bytes, start, length - start);
      if (pending.size() >= CHUNK) {
        emit();
      }
    }

    void flush() {
      if (pending.size() > 0) {
        emit();
      }
    }

    private void emit() {
      log.write(stream, pending.toByteArray());
      pending.reset();
    }
  }
}
