package io.berth.build.engine;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for the work a step handed to other threads (files copied, files hashed) to its end, even
 * when the waiting thread is interrupted: a step never moves on, or fails and removes its snapshot,
 * while a helper still writes or reads.
 */
final class Futures {
  private Futures() {}

  /** Waits for every one of {@code futures}; then throws the first one's failure, if any. */
  static void awaitAll(List<? extends Future<?>> futures) throws IOException {
    Throwable failure = null;
    boolean interrupted = false;
    for (Future<?> future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the work goes on: wait for it all the same
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (failure) {
      case null -> {}
      case IOException io -> throw io;
      case RuntimeException runtime -> throw runtime;
      case Error error -> throw error;
      default -> throw new IOException(failure);
    }
  }

  /**
   * Waits for every one of {@code futures} after this thread failed with {@code failure}, which
   * their own failures join as suppressed.
   */
  static void awaitAllAfter(Throwable failure, List<? extends Future<?>> futures) {
    try {
      awaitAll(futures);
    } catch (IOException | RuntimeException | Error also) {
      failure.addSuppressed(also);
    }
  }
}
