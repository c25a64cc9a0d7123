package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.oci.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every content store must do; each implementation's test extends this class. */
public abstract class ContentStoreContract {

  @TempDir protected Path root;
  protected ContentStore store;

  /** A store on {@code root} whose garbage collection keeps blobs younger than {@code grace}. */
  protected abstract ContentStore newStore(Path root, Duration grace);

  @BeforeEach
  void openStore() {
    store = newStore(root, Duration.ZERO);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writtenBlobReadsBackWithItsInfo() throws Exception {
    Digest digest = store.write(bytes("hello"));

    assertThat(digest).isEqualTo(Digest.sha256(bytes("hello")));
    assertThat(store.info(digest)).get().extracting(ContentStore.Info::size).isEqualTo(5L);
    try (InputStream in = store.open(digest)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("hello"));
    }
    try (InputStream in = store.openVerified(digest)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("hello"));
    }
    assertThat(store.verify(digest).ok()).isTrue();
    assertThat(store.list()).extracting(ContentStore.Info::digest).containsExactly(digest);
  }

  @Test
  void missingBlobIsNotFound() {
    Digest absent = Digest.sha256(bytes("absent"));

    assertThat(store.info(absent)).isEmpty();
    assertThatThrownBy(() -> store.open(absent))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
        .hasMessageContaining(absent.toString());
    assertThat(store.delete(absent)).isFalse();
  }

  @Test
  void digestMismatchNamesBothDigestsAndKeepsNothing() {
    Digest claimed = Digest.sha256(bytes("other"));
    Digest actual = Digest.sha256(bytes("payload"));
    ContentStore.Writer writer = store.writer(Optional.of(claimed), -1);
    writer.write(bytes("payload"), 0, 7);

    assertThatThrownBy(() -> writer.commit(7, claimed))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageContaining(claimed.toString())
        .hasMessageContaining(actual.toString());
    assertThat(store.list()).isEmpty();
    assertThat(store.info(actual)).isEmpty();
  }

  @Test
  void sizeMismatchKeepsNothing() {
    ContentStore.Writer writer = store.writer();
    writer.write(bytes("abc"), 0, 3);

    assertThatThrownBy(() -> writer.commit(4, Digest.sha256(bytes("abc"))))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("expected 4 bytes, got 3");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void abortedOrUnclosedWriterKeepsNothing() {
    ContentStore.Writer aborted = store.writer();
    aborted.write(bytes("one"), 0, 3);
    aborted.abort();
    try (ContentStore.Writer closed = store.writer()) {
      closed.write(bytes("two"), 0, 3);
    }

    assertThat(store.list()).isEmpty();
    assertThatThrownBy(aborted::commit).isInstanceOf(BerthException.class);
  }

  @Test
  void concurrentWritersOfOneBlobAllSucceedWithOneCopy() throws Exception {
    byte[] payload = new byte[1 << 20];
    new java.util.Random(7).nextBytes(payload);
    Digest expected = Digest.sha256(payload);
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Digest>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try (ContentStore.Writer w =
                      store.writer(Optional.of(expected), payload.length)) {
                    for (int off = 0; off < payload.length; off += 4096) {
                      w.write(payload, off, 4096);
                    }
                    return w.commit(payload.length, expected);
                  }
                }));
      }
      start.countDown();
      for (Future<Digest> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    }

    assertThat(store.list()).hasSize(1);
    assertThat(store.verify(expected).ok()).isTrue();
  }

  @Test
  void deleteRemovesBlob() {
    Digest digest = store.write(bytes("x"));

    assertThat(store.delete(digest)).isTrue();
    assertThat(store.info(digest)).isEmpty();
  }

  @Test
  void gcDeletesWhatIsNotLiveAndKeepsWhatAWriterExpects() {
    Digest live = store.write(bytes("live"));
    Digest dead = store.write(bytes("dead"));
    Digest leased = store.write(bytes("leased"));

    long freed;
    try (ContentStore.Writer pending = store.writer(Optional.of(leased), 6)) {
      freed = store.gc(Set.of(live));
    }

    assertThat(freed).isEqualTo(4);
    assertThat(store.list())
        .extracting(ContentStore.Info::digest)
        .containsExactlyInAnyOrder(live, leased);
  }

  @Test
  void gcKeepsBlobsWithinGracePeriod() {
    ContentStore graceful = newStore(root, Duration.ofMinutes(10));
    Digest young = graceful.write(bytes("young"));

    assertThat(graceful.gc(Set.of())).isZero();
    assertThat(graceful.info(young)).isPresent();
  }
}
