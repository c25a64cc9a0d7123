package io.berth.content.lazy;

import io.berth.archive.Compression;
import io.berth.archive.LayerBlob;
import io.berth.archive.LayerWriter;
import io.berth.content.ContentStore;
import io.berth.content.LayerRecipe;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import io.berth.snapshot.Kind;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A content store over another that also holds the uncompressed layer blobs that builds make as the
 * committed snapshots they were written from: a snapshot whose labels carry a {@link LayerRecipe}
 * stands for that blob, whose bytes are written again from the snapshot's own layer directory each
 * time they are read, hashed on the way and checked against the recipe's digest; a mismatch is an
 * error naming both digests, raised in place of the stream's last bytes, so a reader never has the
 * whole of a wrong blob. A blob held as bytes wins over a snapshot that stands for it.
 *
 * <p>Which snapshot stands for which blob is read from the snapshotter, remembered, and read again
 * whenever a blob is not found or a remembered snapshot has gone. Thread-safe as its parts are.
 */
public final class LazyContentStore implements ContentStore {

  private final ContentStore stored;
  private final Snapshotter snapshots;
  private final Map<Digest, String> sources = new ConcurrentHashMap<>();

  /**
   * The store of {@code stored}'s blobs and of the layers the snapshots of {@code snapshots} hold.
   */
  public LazyContentStore(ContentStore stored, Snapshotter snapshots) {
    this.stored = Objects.requireNonNull(stored, "stored");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  @Override
  public Optional<Info> info(Digest digest) {
    Optional<Info> info = stored.info(digest);
    if (info.isPresent()) {
      return info;
    }
    return source(digest).map(s -> new Info(digest, s.recipe().size(), s.snapshot().created()));
  }

  @Override
  public Optional<Produced> produced(Digest digest) {
    if (stored.info(digest).isPresent()) {
      return Optional.empty();
    }
    return source(digest).map(s -> new Produced(s.snapshot().name(), s.recipe()));
  }

  @Override
  public InputStream open(Digest digest) {
    return stored.info(digest).isPresent() ? stored.open(digest) : openProduced(digest);
  }

  @Override
  public InputStream openVerified(Digest digest) {
    return stored.info(digest).isPresent() ? stored.openVerified(digest) : openProduced(digest);
  }

  @Override
  public Writer writer(Optional<Digest> expected, long expectedSize) {
    return stored.writer(expected, expectedSize);
  }

  @Override
  public boolean delete(Digest digest) {
    return stored.delete(digest);
  }

  @Override
  public List<Info> list() {
    Map<Digest, Info> all = new HashMap<>();
    stored.list().forEach(i -> all.put(i.digest(), i));
    for (Source s : scan().values()) {
      all.putIfAbsent(
          s.recipe().digest(),
          new Info(s.recipe().digest(), s.recipe().size(), s.snapshot().created()));
    }
    List<Info> infos = new ArrayList<>(all.values());
    infos.sort(Comparator.comparing(Info::digest));
    return infos;
  }

  @Override
  public VerifyResult verify(Digest digest) {
    if (stored.info(digest).isPresent()) {
      return stored.verify(digest);
    }
    Source source = requireSource(digest);
    LayerBlob blob = write(source, OutputStream.nullOutputStream());
    return new VerifyResult(digest, blob.digest(), blob.size());
  }

  @Override
  public long gc(Set<Digest> live) {
    return stored.gc(live); // a produced blob goes with its snapshot, which the image store keeps
  }

  /** A committed snapshot and the recipe in its labels. */
  private record Source(io.berth.snapshot.Info snapshot, LayerRecipe recipe) {}

  private Source requireSource(Digest digest) {
    return source(digest)
        .orElseThrow(
            () -> BerthException.notFound("blob %s not found in the content store", digest));
  }

  /** The snapshot standing for {@code digest}: the one remembered, or found by reading them all. */
  private Optional<Source> source(Digest digest) {
    String name = sources.get(digest);
    if (name != null) {
      Optional<Source> known = snapshots.stat(name).flatMap(LazyContentStore::sourceOf);
      if (known.isPresent() && known.get().recipe().digest().equals(digest)) {
        return known;
      }
    }
    return Optional.ofNullable(scan().get(digest));
  }

  /** Every committed snapshot with a recipe, by the digest of its blob; remembered for later. */
  private Map<Digest, Source> scan() {
    Map<Digest, Source> found = new HashMap<>();
    for (io.berth.snapshot.Info snapshot : snapshots.list()) {
      sourceOf(snapshot).ifPresent(s -> found.putIfAbsent(s.recipe().digest(), s));
    }
    sources.keySet().retainAll(found.keySet());
    found.forEach((digest, s) -> sources.put(digest, s.snapshot().name()));
    return found;
  }

  private static Optional<Source> sourceOf(io.berth.snapshot.Info snapshot) {
    if (snapshot.kind() != Kind.COMMITTED) {
      return Optional.empty();
    }
    return LayerRecipe.fromLabels(snapshot.labels()).map(r -> new Source(snapshot, r));
  }

  /**
   * The blob written again from its snapshot on a thread of its own, through a pipe; the end of the
   * stream fails instead of ending when the bytes do not match the digest.
   */
  private InputStream openProduced(Digest digest) {
    Source source = requireSource(digest);
    BlobPipe pipe = new BlobPipe();
    Thread writer =
        Thread.ofPlatform()
            .daemon()
            .name("blob-" + digest.shortHex())
            .unstarted(() -> produce(source, pipe));
    writer.start();
    return pipe.input();
  }

  private void produce(Source source, BlobPipe pipe) {
    try {
      check(source, write(source, pipe.output()));
      pipe.finish();
    } catch (RuntimeException e) {
      pipe.fail(e);
    } catch (IOException e) {
      pipe.fail(
          BerthException.internal(
              "writing blob " + source.recipe().digest() + " again: " + e.getMessage(), e));
    }
  }

  /** Writes the layer of {@code source} to {@code sink} as its recipe says. */
  private LayerBlob write(Source source, OutputStream sink) {
    LayerRecipe recipe = source.recipe();
    String name = source.snapshot().name();
    Path dir =
        snapshots
            .layerDirectory(name)
            .orElseThrow(
                () ->
                    BerthException.notFound(
                        "blob %s: snapshot %s it is written from is gone", recipe.digest(), name));
    LayerWriter.Options options =
        LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.OVERLAY_DIFF);
    if (recipe.sourceDateEpoch().isPresent()) {
      options = options.withSourceDateEpoch(recipe.sourceDateEpoch().get());
    }
    return new LayerWriter(options).write(dir, sink);
  }

  /** A FAILED_PRECONDITION error naming both digests when {@code blob} is not the recipe's. */
  private static void check(Source source, LayerBlob blob) {
    LayerRecipe recipe = source.recipe();
    if (!blob.digest().equals(recipe.digest()) || blob.size() != recipe.size()) {
      throw BerthException.precondition(
          "blob %s is corrupted: written again from snapshot %s it has digest %s (%d bytes, %d"
              + " expected); the snapshot's files changed since it was committed",
          recipe.digest(), source.snapshot().name(), blob.digest(), blob.size(), recipe.size());
    }
  }
}
