package io.berth.content;

import io.berth.oci.Digest;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A content-addressed store of blobs that checks every blob against its digest before it becomes
 * visible, following the blob rules of the OCI image layout ({@code blobs/<alg>/<hex>}, image-spec
 * image-layout.md): a blob is addressed by the digest of its bytes and never changes once stored.
 *
 * <p>A store may also hold uncompressed layer blobs as the committed snapshots they were written
 * from ({@link #produced}): such a blob is listed, measured, opened and verified as any other, its
 * bytes written again from the snapshot on each read and checked against its digest; it cannot be
 * deleted on its own, as it goes with its snapshot.
 *
 * <p>Lifecycle: an implementation is opened on its root (cleaning what a crash left half-written)
 * and needs no closing; writers must be committed or closed. Thread-safety: every method may be
 * called from any number of threads at once; two writers of the same blob both succeed and leave
 * one copy. A {@link Writer} itself is used by one thread at a time.
 */
public interface ContentStore {

  /** What the store knows of blob {@code digest}, if it holds it. */
  Optional<Info> info(Digest digest);

  /** The bytes of blob {@code digest}; a NOT_FOUND error if the store does not hold it. */
  InputStream open(Digest digest);

  /**
   * Like {@link #open}, re-hashing as it is read: at its end the stream fails with a
   * FAILED_PRECONDITION error if the bytes on disk no longer match {@code digest}.
   */
  InputStream openVerified(Digest digest);

  /** A writer for a blob whose digest will be known when it is committed. */
  default Writer writer() {
    return writer(Optional.empty(), -1);
  }

  /**
   * A writer for a blob expected to have {@code expected} digest and {@code expectedSize} bytes
   * (negative: unknown); while it is open, {@link #gc} keeps a blob of that digest.
   */
  Writer writer(Optional<Digest> expected, long expectedSize);

  /** Stores {@code bytes} and returns their digest. */
  default Digest write(byte[] bytes) {
    try (Writer writer = writer()) {
      writer.write(bytes, 0, bytes.length);
      return writer.commit(bytes.length, Digest.sha256(bytes));
    }
  }

  /**
   * The snapshot blob {@code digest} is written again from when the store holds it that way rather
   * than as bytes of its own; empty for a blob held as bytes, or not held.
   */
  default Optional<Produced> produced(Digest digest) {
    return Optional.empty();
  }

  /** Removes blob {@code digest}; whether it was there (a produced blob is not removed). */
  boolean delete(Digest digest);

  /** Every blob in the store, sorted by digest. */
  List<Info> list();

  /** Re-hashes blob {@code digest}; a NOT_FOUND error if the store does not hold it. */
  VerifyResult verify(Digest digest);

  /**
   * Removes every blob not in {@code live}, except those committed within the store's grace period
   * or expected by an open writer (so that a pull or build in progress keeps what it wrote before
   * it records a reference); returns the bytes freed.
   */
  long gc(Set<Digest> live);

  /** A stored blob: its digest, its size in bytes and when it was committed. */
  record Info(Digest digest, long size, Instant committedAt) {
    public Info {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(committedAt, "committedAt");
      if (size < 0) {
        throw new IllegalArgumentException("blob " + digest + ": negative size " + size);
      }
    }
  }

  /**
   * A blob held as the committed snapshot {@code snapshot}, written again from it by {@code
   * recipe}.
   */
  record Produced(String snapshot, LayerRecipe recipe) {
    public Produced {
      Objects.requireNonNull(snapshot, "snapshot");
      Objects.requireNonNull(recipe, "recipe");
    }
  }

  /** The outcome of re-hashing a blob: the digest it is stored under and the one its bytes have. */
  record VerifyResult(Digest expected, Digest actual, long size) {
    public VerifyResult {
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(actual, "actual");
    }

    /** Whether the bytes still match the digest. */
    public boolean ok() {
      return expected.equals(actual);
    }
  }

  /**
   * A blob being written: bytes are hashed as they go to a temporary file, and become a blob only
   * on {@link #commit}; closing an uncommitted writer aborts it and leaves nothing behind.
   */
  interface Writer extends Closeable {

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    void write(byte[] bytes, int offset, int length);

    /** This writer as an output stream whose {@code close} does not commit nor abort. */
    OutputStream outputStream();

    /** The bytes written so far. */
    long written();

    /**
     * Syncs the bytes to disk, checks them against {@code expectedSize} (negative: any) and {@code
     * expected}, and stores them; on a mismatch nothing is kept and an INVALID_ARGUMENT error names
     * both values.
     */
    Digest commit(long expectedSize, Digest expected);

    /** Syncs and stores the bytes under the digest they have. */
    Digest commit();

    /** Drops what was written; nothing is kept. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
  }
}
