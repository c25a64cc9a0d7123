package io.berth.metadata;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * berth's embedded database of references, images, containers, volumes, build cache records and
 * leases, read and changed only inside transactions.
 *
 * <p>Lifecycle: opened once on the daemon's root ({@code <root>/metadata.db}), closed at shutdown.
 * Thread-safety: any thread may call any method; transactions are serialised, so keep the functions
 * short and do no I/O inside them. A write that returns is durable; one that throws, or a process
 * killed during it, changes nothing. A {@link Tx} is valid only inside the function it is given to,
 * and transactions do not nest.
 */
public interface MetadataStore extends AutoCloseable {

  /** Runs {@code work} in a read-only transaction and returns what it returns. */
  <T> T read(Function<Tx, T> work);

  /**
   * Runs {@code work} in a write transaction, committed when it returns and rolled back when it
   * throws (the exception is rethrown unchanged).
   */
  <T> T write(Function<Tx, T> work);

  /** {@link #write}, for work that returns nothing. */
  default void update(Consumer<Tx> work) {
    write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  @Override
  void close();
}
