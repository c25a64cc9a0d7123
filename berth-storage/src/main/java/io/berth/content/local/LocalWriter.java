package io.berth.content.local;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A blob being written to a temporary file in the store's ingest directory. */
final class LocalWriter implements ContentStore.Writer {

  private static final int BUFFER = 256 * 1024;

  private final LocalContentStore store;
  private final Optional<Digest> expected;
  private final long expectedSize;
  private final Path temp;
  private final FileChannel channel;
  private final MessageDigest hash;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private long written;
  private boolean done;

  LocalWriter(LocalContentStore store, Optional<Digest> expected, long expectedSize) {
    this.store = store;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.hash = Digest.newMessageDigest(expected.map(Digest::algorithm).orElse(Digest.SHA256));
    this.temp = store.ingest().resolve(UUID.randomUUID().toString());
    try {
      this.channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw BerthException.internal("cannot create a blob in " + store.ingest(), e);
    }
    store.opened(this);
  }

  Optional<Digest> expected() {
    return expected;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    requireOpen();
    hash.update(bytes, offset, length);
    written += length;
    try {
      while (length > 0) {
        int n = Math.min(length, buffer.remaining());
        buffer.put(bytes, offset, n);
        offset += n;
        length -= n;
        if (!buffer.hasRemaining()) {
          flush();
        }
      }
    } catch (IOException e) {
      abort();
      throw BerthException.internal("cannot write blob file " + temp, e);
    }
  }

  @Override
  public OutputStream outputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        LocalWriter.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        LocalWriter.this.write(b, off, len);
      }
    };
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public Digest commit() {
    return commit(expectedSize, null);
  }

  @Override
  public Digest commit(long size, Digest digest) {
    requireOpen();
    String algorithm = expected.map(Digest::algorithm).orElse(Digest.SHA256);
    Digest actual = Digest.of(algorithm, hash.digest());
    Optional<Digest> wanted = Optional.ofNullable(digest).or(() -> expected);
    try {
      flush();
      channel.force(true);
      channel.close();
      if (size >= 0 && size != written) {
        throw BerthException.invalid(
            "blob %s: expected %d bytes, got %d", wanted.orElse(actual), size, written);
      }
      if (wanted.isPresent() && !wanted.get().equals(actual)) {
        throw BerthException.invalid(
            "blob digest mismatch: expected %s, got %s (%d bytes)", wanted.get(), actual, written);
      }
      publish(actual);
      return actual;
    } catch (IOException e) {
      throw BerthException.internal("cannot commit blob " + actual, e);
    } finally {
      abort();
    }
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    store.closed(this);
    try {
      channel.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw BerthException.internal("cannot remove the unfinished blob " + temp, e);
    }
  }

  @Override
  public void close() {
    abort();
  }

  /** Makes the temporary file the blob, unless another writer did so first (then it is equal). */
  private void publish(Digest digest) throws IOException {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
    Path target = store.blobPath(digest);
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException alreadyStored) {
      return;
    }
    LocalContentStore.syncDirectory(target.getParent());
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void requireOpen() {
    if (done) {
      throw BerthException.precondition("blob writer %s is already committed or aborted", temp);
    }
  }
}
