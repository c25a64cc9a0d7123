package io.berth.container;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A client attached to a container: where its input goes (the container's stdin, once it runs) and
 * when its output is over (the run it attached to has ended and its output is delivered).
 */
public interface Attachment extends AutoCloseable {

  /** The container's stdin; writes wait until the container runs. Closing it ends the input. */
  OutputStream stdin();

  /** Completes when the output has all been delivered. */
  CompletableFuture<Void> done();

  /** Detaches: no more output is delivered; the container keeps running. */
  @Override
  void close();
}
