package io.berth.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A container's main process or an exec, held by the daemon while it runs: its pipes and its exit
 * code. Closing it closes the pipes, which the process then sees as a broken pipe or end of input.
 * Its streams may be read from virtual threads.
 */
public interface RuntimeProcess extends AutoCloseable {

  /** The container (or exec) this process belongs to. */
  String id();

  /** The pipe to the process's stdin, when {@link Stdio} asked for one. */
  Optional<OutputStream> stdin();

  /**
   * The process's stdout; an empty stream when it is not a pipe. With a terminal, everything the
   * process writes to it, stdout and stderr alike, as one raw stream.
   */
  InputStream stdout();

  /** The process's stderr; an empty stream when it is not a pipe or the process has a terminal. */
  InputStream stderr();

  /**
   * Waits for the process to end and returns its exit code (128 + n when killed by signal n).
   *
   * @throws ContainerStartException when the runtime failed to start the process at all
   */
  int waitFor();

  /** Completes as {@link #waitFor} would return or throw. */
  CompletableFuture<Integer> onExit();

  /** The exit code, once the process has ended. */
  Optional<Integer> exitCode();

  /**
   * Sets the size of the process's terminal, which then gets SIGWINCH; nothing for a process
   * without a terminal (as Docker).
   */
  default void resize(ConsoleSize size) {}

  /** Closes the pipes; the process is left running. */
  @Override
  void close();
}
