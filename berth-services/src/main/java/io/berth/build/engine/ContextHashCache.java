package io.berth.build.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The content digests of a build context's files, remembered by their stat stamp (inode, size,
 * mtime, ctime) as git's index remembers them, so that an unchanged context is not read again. A
 * stamp is trusted only when the file's times are older than the moment it was hashed by more than
 * the file system's timestamp granularity; a file changed in the same tick as its hashing (a "racy"
 * entry) is hashed again next time. Thread-safe; one instance per context directory, shared by the
 * builds of that directory.
 */
final class ContextHashCache {

  /**
   * How much older than its hashing a file's times must be for its stamp to be trusted, on a file
   * system that keeps whole seconds (the times of the file have no fraction).
   */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * The same on a file system that keeps nanoseconds (ext4, xfs, btrfs, tmpfs, overlayfs), whose
   * times come from the kernel's coarse clock, a few milliseconds behind at most.
   */
  private static final long FINE_RACY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was remembered of one file. */
  record Entry(
      long ino, long size, long mtimeNanos, long ctimeNanos, long hashedAt, String digest) {}

  private final Path file;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean changed;
  private int hashed;

  private ContextHashCache(Path file, Clock clock, Map<String, Entry> loaded) {
    this.file = file;
    this.clock = clock;
    entries.putAll(loaded);
  }

  /** The cache of context {@code context}, kept in a file under {@code directory}. */
  static ContextHashCache open(Path directory, Path context, Clock clock) {
    String name = Digest.sha256(context.toAbsolutePath().normalize().toString().getBytes()).hex();
    Path file = directory.resolve(name + ".json");
    Map<String, Entry> loaded = new HashMap<>();
    if (Files.isRegularFile(file)) {
      try {
        loaded = JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Entry>>() {});
      } catch (IOException e) {
        loaded = new HashMap<>(); // a damaged cache only costs a re-hash
      }
    }
    return new ContextHashCache(file, clock, loaded);
  }

  /**
   * A cache for a context that lives for one build only, in a directory of the daemon's own that
   * nothing changes during the build: it is never saved, and {@code known} digests (computed as the
   * context was written) answer without a look at the file.
   */
  static ContextHashCache transientCache(Clock clock, Map<String, String> known) {
    ContextHashCache cache = new ContextHashCache(null, clock, Map.of());
    cache.known = Map.copyOf(known);
    return cache;
  }

  private Map<String, String> known = Map.of();

  /** The sha256 digest of regular file {@code path}, named {@code relative} in the context. */
  String digest(Path path, String relative) {
    try {
      return digest(path, relative, FileOps.lstat(path));
    } catch (IOException e) {
      throw BerthException.internal("hashing context file " + relative + ": " + e.getMessage(), e);
    }
  }

  /** {@link #digest(Path, String)} with the file's {@link FileOps#lstat} already taken. */
  String digest(Path path, String relative, io.berth.sys.FileStat.Stat st) {
    String remembered = remembered(relative, st);
    if (remembered != null) {
      return remembered;
    }
    try {
      long hashedAt = nowNanos();
      String digest = hash(path);
      synchronized (this) {
        hashed++;
      }
      entries.put(
          relative,
          new Entry(st.ino(), st.size(), st.mtimeNanos(), st.ctimeNanos(), hashedAt, digest));
      changed = true;
      return digest;
    } catch (IOException e) {
      throw BerthException.internal("hashing context file " + relative + ": " + e.getMessage(), e);
    }
  }

  /**
   * The digest of the file named {@code relative} with stat {@code st} when it is known without
   * reading the file (given with the context, or remembered under a stamp that can be trusted);
   * null otherwise.
   */
  String remembered(String relative, io.berth.sys.FileStat.Stat st) {
    String given = known.get(relative);
    if (given != null) {
      return given;
    }
    long mtime = st.mtimeNanos();
    long ctime = st.ctimeNanos();
    Entry entry = entries.get(relative);
    if (entry != null
        && entry.ino() == st.ino()
        && entry.size() == st.size()
        && entry.mtimeNanos() == mtime
        && entry.ctimeNanos() == ctime
        && Math.max(mtime, ctime) < entry.hashedAt() - racyWindow(mtime, ctime)) {
      return entry.digest();
    }
    return null;
  }

  /** How many files this instance had to read. */
  synchronized int hashedFiles() {
    return hashed;
  }

  /** Writes the cache back if it changed; a failure only costs a re-hash next time. */
  synchronized void save() {
    if (!changed || file == null) {
      return;
    }
    changed = false;
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "ctx-", ".tmp");
      JSON.writeValue(tmp.toFile(), new TreeMap<>(entries));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // The cache is an optimisation; the next build hashes again.
    }
  }

  /** {@link #FINE_RACY_NANOS} when a time shows the file system keeps fractions of seconds. */
  static long racyWindow(long mtimeNanos, long ctimeNanos) {
    boolean fine = mtimeNanos % 1_000_000_000L != 0 || ctimeNanos % 1_000_000_000L != 0;
    return fine ? FINE_RACY_NANOS : RACY_NANOS;
  }

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static String hash(Path path) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.of(Digest.SHA256, md.digest()).toString();
  }

  @Override
  public String toString() {
    return "ContextHashCache[" + Objects.toString(file) + "]";
  }
}
