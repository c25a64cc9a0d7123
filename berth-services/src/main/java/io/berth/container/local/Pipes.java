package io.berth.container.local;

/**
 * Threads for the blocking reads and writes on a process's pipes.
 *
 * <p>They are platform threads on purpose: a virtual thread blocked in a pipe's read holds its
 * carrier, and with as many idle containers as carriers (two on a two-core machine) nothing else in
 * the daemon — not even accepting a connection — could run again.
 */
// TODO(#5): one thread waiting on every container's pipes (epoll through io.berth.sys) would save
// the two pump threads, about 100 KiB of memory each, that every idle container costs.
final class Pipes {
  private static final long STACK_BYTES = 256 * 1024;

  private Pipes() {}

  /** Starts {@code task} on a daemon platform thread named {@code berth-<name>}. */
  static Thread thread(String name, Runnable task) {
    return Thread.ofPlatform().daemon().name("berth-" + name).stackSize(STACK_BYTES).start(task);
  }
}
