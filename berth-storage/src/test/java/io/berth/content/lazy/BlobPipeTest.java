package io.berth.content.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BlobPipeTest {

  private static final int CHUNK = BlobPipe.CHUNK;

  /** Reads {@code in} to its end on another thread, counting the bytes as they come. */
  private static CompletableFuture<Long> drain(InputStream in, AtomicLong count) {
    return CompletableFuture.supplyAsync(
        () -> {
          byte[] buffer = new byte[8192];
          try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
              count.addAndGet(n);
            }
            return count.get();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void awaitAtLeast(AtomicLong count, long bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (count.get() < bytes) {
      assertThat(System.nanoTime()).as("the reader never got %d bytes", bytes).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void theLastChunkIsHeldUntilTheWriterFinishes() throws Exception {
    BlobPipe pipe = new BlobPipe();
    AtomicLong count = new AtomicLong();
    CompletableFuture<Long> read = drain(pipe.input(), count);
    OutputStream out = pipe.output();

    out.write(new byte[2 * CHUNK + 10]);
    out.flush();
    awaitAtLeast(count, CHUNK);
    Thread.sleep(200);
    assertThat(count.get()).as("the bytes after the first chunk are held back").isEqualTo(CHUNK);
    assertThat(read).isNotDone();

    pipe.finish();
    assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(2L * CHUNK + 10);
  }

  @Test
  void aFailureReplacesTheEndAndTheHeldBytes() throws Exception {
    BlobPipe pipe = new BlobPipe();
    AtomicLong count = new AtomicLong();
    CompletableFuture<Long> read = drain(pipe.input(), count);

    pipe.output().write(new byte[3 * CHUNK]);
    pipe.fail(BerthException.precondition("blob sha256:aa is corrupted"));

    assertThatThrownBy(() -> read.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BerthException.class)
        .hasMessageContaining("corrupted");
    assertThat(count.get()).isEqualTo(2L * CHUNK);
  }

  @Test
  void aReaderThatClosesEarlyStopsTheWriter() throws Exception {
    BlobPipe pipe = new BlobPipe();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    OutputStream out = pipe.output();
                    while (true) {
                      out.write(new byte[CHUNK]);
                    }
                  } catch (IOException e) {
                    stopped.countDown();
                  }
                });
    InputStream in = pipe.input();
    assertThat(in.read(new byte[100])).isEqualTo(100);

    in.close();

    assertThat(stopped.await(20, TimeUnit.SECONDS)).as("the writer stopped").isTrue();
    writer.join();
  }
}
