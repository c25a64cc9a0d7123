package io.berth.api;

import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A build context's tar as the client sent it, written to a file of the daemon's own while it is
 * hashed, up to a limit: the digest says whether a {@link KeptContexts kept} context answers for it
 * before anything is unpacked. A tar beyond the limit is read as it arrives, the spooled part
 * first; it has no digest. Closing it closes the file and deletes it.
 */
final class SpooledTar implements AutoCloseable {
  private final Path file;
  private final Optional<InputStream> rest;
  private final Optional<String> digest;
  private InputStream head;

  private SpooledTar(Path file, Optional<InputStream> rest, Optional<String> digest) {
    this.file = file;
    this.rest = rest;
    this.digest = digest;
  }

  /** Reads {@code body} into a new file under {@code dir}, up to {@code limit} bytes. */
  static SpooledTar read(InputStream body, Path dir, long limit) throws IOException {
    Path file = Files.createTempFile(dir, "tar-", ".part");
    try {
      MessageDigest sha = Digest.newMessageDigest(Digest.SHA256);
      byte[] buffer = new byte[128 * 1024];
      long total = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        while (total <= limit) {
          int n = body.read(buffer);
          if (n < 0) {
            return new SpooledTar(
                file,
                Optional.empty(),
                Optional.of(Digest.of(Digest.SHA256, sha.digest()).toString()));
          }
          out.write(buffer, 0, n);
          sha.update(buffer, 0, n);
          total += n;
        }
      }
      return new SpooledTar(file, Optional.of(body), Optional.empty());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** The sha256 of the whole tar; empty when it was larger than the limit. */
  Optional<String> digest() {
    return digest;
  }

  /**
   * The tar from its first byte: the spooled part, then what the client still sends (the request's
   * body, which stays open); read it once.
   */
  InputStream stream() throws IOException {
    head = Files.newInputStream(file);
    return rest.<InputStream>map(r -> new SequenceInputStream(head, r)).orElse(head);
  }

  @Override
  public void close() throws IOException {
    try (InputStream spooled = head) {
      Files.deleteIfExists(file);
    }
  }
}
