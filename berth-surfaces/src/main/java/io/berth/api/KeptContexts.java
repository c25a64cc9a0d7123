package io.berth.api;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Build contexts that came as tars, kept unpacked after their build, by the digest of the tar's
 * bytes: a client that sends the same tar again (the docker CLI, docker-py and Testcontainers send
 * the same bytes for a directory that did not change) has it read where it lies instead of unpacked
 * again, which for thousands of small files is most of a rebuild's time. At most {@link #MAX_KEPT}
 * contexts, the least recently used going first. Builds only read a context (a RUN's writable bind
 * is an overlay over it), and one in use is deleted once its last build is done.
 *
 * <p>Kept in memory only: each daemon keeps its contexts in a directory of its own under {@code
 * <root>/build/kept-contexts}, and deletes, in the background, those an earlier daemon left.
 * Thread-safe.
 */
final class KeptContexts {
  private static final System.Logger LOG = System.getLogger(KeptContexts.class.getName());

  /** How many contexts are kept at most. */
  static final int MAX_KEPT = 2;

  /** A tar larger than this is unpacked as it arrives and not kept. */
  static final long MAX_BYTES = 512L << 20;

  /**
   * A context of more regular files than this is not kept: the digests of a kept context stay in
   * the daemon's memory (about 150 bytes a file).
   */
  static final int MAX_FILES = 50_000;

  private final Path parent;
  private final Path dir;
  private final Map<String, Kept> byDigest = new LinkedHashMap<>(16, 0.75f, true);
  private boolean started;

  /** A kept context, with how many builds read it now. */
  private static final class Kept {
    final Path dir;
    final Map<String, String> digests;
    int users;
    boolean dropped;

    Kept(Path dir, Map<String, String> digests) {
      this.dir = dir;
      this.digests = digests;
    }
  }

  /** A kept context one build reads; closing it lets the context go when it was dropped since. */
  interface Use extends AutoCloseable {
    /** The unpacked context. */
    Path dir();

    /** The sha256 of each regular file, by context-relative path. */
    Map<String, String> digests();

    @Override
    void close();
  }

  /** Contexts kept under {@code parent} ({@code <root>/build/kept-contexts}). */
  KeptContexts(Path parent) {
    this.parent = parent;
    this.dir = parent.resolve(HexFormat.of().formatHex(randomBytes()));
  }

  /** The context kept for the tar of digest {@code digest}, now in use by the caller, if any. */
  synchronized Optional<Use> use(String digest) {
    Kept kept = byDigest.get(digest);
    if (kept == null) {
      return Optional.empty();
    }
    kept.users++;
    return Optional.of(
        new Use() {
          private boolean closed;

          @Override
          public Path dir() {
            return kept.dir;
          }

          @Override
          public Map<String, String> digests() {
            return kept.digests;
          }

          @Override
          public void close() {
            synchronized (KeptContexts.this) {
              if (closed) {
                return;
              }
              closed = true;
              kept.users--;
              if (kept.dropped && kept.users == 0) {
                deleteLater(kept.dir);
              }
            }
          }
        });
  }

  /**
   * Keeps context directory {@code context} (whose files have {@code digests}) for the tar of
   * digest {@code digest}, moving it into this daemon's directory; false, and {@code context} left
   * where it is, when that tar is kept already, it has more than {@link #MAX_FILES} files, or the
   * directory cannot be moved.
   */
  synchronized boolean keep(String digest, Path context, Map<String, String> digests) {
    if (byDigest.containsKey(digest) || digests.size() > MAX_FILES) {
      return false;
    }
    Path target = dir.resolve(digest.substring(digest.indexOf(':') + 1));
    try {
      start();
      Files.move(context, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "build context not kept: {0}", e.getMessage());
      return false;
    }
    byDigest.put(digest, new Kept(target, Map.copyOf(digests)));
    Iterator<Kept> oldest = byDigest.values().iterator();
    while (byDigest.size() > MAX_KEPT && oldest.hasNext()) {
      Kept kept = oldest.next();
      oldest.remove();
      kept.dropped = true;
      if (kept.users == 0) {
        deleteLater(kept.dir);
      }
    }
    return true;
  }

  /** How many contexts are kept now. */
  synchronized int size() {
    return byDigest.size();
  }

  /** Makes this daemon's directory, and starts deleting what earlier daemons left beside it. */
  private void start() throws IOException {
    if (started) {
      return;
    }
    Files.createDirectories(dir);
    started = true;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path entry : entries) {
        if (!entry.equals(dir)) {
          deleteLater(entry);
        }
      }
    }
  }

  private static void deleteLater(Path path) {
    Thread.ofVirtual()
        .name("delete-context")
        .start(
            () -> {
              try {
                BuildContext.deleteTree(path);
              } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete kept build context {0}: {1}", path, e);
              }
            });
  }

  private static byte[] randomBytes() {
    byte[] id = new byte[8];
    ThreadLocalRandom.current().nextBytes(id);
    return id;
  }
}
