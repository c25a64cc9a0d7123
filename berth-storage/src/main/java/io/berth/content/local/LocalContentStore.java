package io.berth.content.local;

import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A content store in a local directory: blobs at {@code <root>/blobs/<algorithm>/<hex>}, read-only,
 * and writes in progress in {@code <root>/blobs/ingest/}, which opening the store empties since
 * only a crash leaves files there. One store instance per root directory.
 */
public final class LocalContentStore implements ContentStore {

  /** How long a committed blob is kept by {@link #gc} even when nothing refers to it yet. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

  private final Path blobs;
  private final Path ingest;
  private final Duration grace;
  private final Set<LocalWriter> openWriters = ConcurrentHashMap.newKeySet();

  /** Opens (creating it if needed) the store at {@code root} with the default grace period. */
  public LocalContentStore(Path root) {
    this(root, DEFAULT_GRACE);
  }

  /** Opens the store at {@code root}; {@link #gc} keeps blobs younger than {@code grace}. */
  public LocalContentStore(Path root, Duration grace) {
    this.blobs = root.resolve("blobs");
    this.ingest = blobs.resolve("ingest");
    this.grace = Objects.requireNonNull(grace, "grace");
    try {
      Files.createDirectories(blobs.resolve(Digest.SHA256));
      Files.createDirectories(ingest);
      cleanIngest();
    } catch (IOException e) {
      throw BerthException.internal("cannot open the content store at " + root, e);
    }
  }

  @Override
  public Optional<Info> info(Digest digest) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
      return Optional.of(
          new Info(digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw BerthException.internal("cannot read blob " + digest, e);
    }
  }

  @Override
  public InputStream open(Digest digest) {
    try {
      return Files.newInputStream(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw BerthException.notFound("blob %s not found in the content store at %s", digest, blobs);
    } catch (IOException e) {
      throw BerthException.internal("cannot open blob " + digest, e);
    }
  }

  @Override
  public InputStream openVerified(Digest digest) {
    return new VerifyingStream(open(digest), digest);
  }

  @Override
  public Writer writer(Optional<Digest> expected, long expectedSize) {
    Objects.requireNonNull(expected, "expected");
    return new LocalWriter(this, expected, expectedSize);
  }

  @Override
  public boolean delete(Digest digest) {
    try {
      return Files.deleteIfExists(blobPath(digest));
    } catch (IOException e) {
      throw BerthException.internal("cannot delete blob " + digest, e);
    }
  }

  @Override
  public List<Info> list() {
    List<Info> infos = new ArrayList<>();
    for (String algorithm : List.of(Digest.SHA256, Digest.SHA512)) {
      Path dir = blobs.resolve(algorithm);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String hex = entry.getFileName().toString();
          if (Digest.isDigest(algorithm + ":" + hex)) {
            info(new Digest(algorithm, hex)).ifPresent(infos::add);
          }
        }
      } catch (IOException e) {
        throw BerthException.internal("cannot list the blobs in " + dir, e);
      }
    }
    infos.sort(Comparator.comparing(Info::digest));
    return infos;
  }

  @Override
  public VerifyResult verify(Digest digest) {
    MessageDigest hash = Digest.newMessageDigest(digest.algorithm());
    long size = 0;
    try (InputStream in = open(digest)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        hash.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw BerthException.internal("cannot read blob " + digest, e);
    }
    return new VerifyResult(digest, Digest.of(digest.algorithm(), hash.digest()), size);
  }

  @Override
  public long gc(Set<Digest> live) {
    Instant keepAfter = Instant.now().minus(grace);
    long freed = 0;
    for (Info info : list()) {
      boolean leased = info.committedAt().isAfter(keepAfter) || isExpectedByWriter(info.digest());
      if (!live.contains(info.digest()) && !leased && delete(info.digest())) {
        freed += info.size();
      }
    }
    return freed;
  }

  Path blobPath(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  Path ingest() {
    return ingest;
  }

  void opened(LocalWriter writer) {
    openWriters.add(writer);
  }

  void closed(LocalWriter writer) {
    openWriters.remove(writer);
  }

  private boolean isExpectedByWriter(Digest digest) {
    return openWriters.stream().anyMatch(w -> w.expected().filter(digest::equals).isPresent());
  }

  private void cleanIngest() throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(ingest)) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /** Syncs directory {@code dir}, so that a rename or link in it survives a power cut. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** A blob's bytes, re-hashed as they are read and checked at their end. */
  private static final class VerifyingStream extends FilterInputStream {
    private final Digest expected;
    private final MessageDigest hash;
    private boolean checked;

    VerifyingStream(InputStream in, Digest expected) {
      super(in);
      this.expected = expected;
      this.hash = Digest.newMessageDigest(expected.algorithm());
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        hash.update(b, off, n);
      } else if (n < 0 && !checked) {
        checked = true;
        Digest actual = Digest.of(expected.algorithm(), hash.digest());
        if (!actual.equals(expected)) {
          throw BerthException.precondition(
              "blob %s is corrupted in the content store: its bytes hash to %s", expected, actual);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UncheckedIOException(new IOException("a verified blob stream cannot skip"));
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
