package io.berth.build.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.content.ContentStore;
import io.berth.errors.BerthException;
import io.berth.metadata.BuildCacheRecord;
import io.berth.metadata.MetadataStore;
import io.berth.oci.ChainId;
import io.berth.oci.Descriptor;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.MediaType;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The build cache: step results by cache key in the metadata store's build cache records, checked
 * against the store (the snapshot and the blob must still be there) before they answer a step; and
 * per step position the inputs of its last run, from which a miss is explained.
 */
final class StepCache {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);
  private static final String POSITION = "position:";
  private static final String LINEAGE = "lineage:";

  /** The JSON shape of a cached step result. */
  record Result(
      String layerDigest, long layerSize, String mediaType, String diffId, String created) {}

  /**
   * What a step position saw last time: its parent's key, its instruction as written, the arguments
   * and (for COPY and ADD) the file digests it read, and the key they made.
   */
  record Position(
      String parent,
      String instruction,
      Map<String, String> args,
      Map<String, String> settings,
      Map<String, String> files,
      String key) {
    Position {
      args = new TreeMap<>(args);
      settings = new TreeMap<>(settings);
      files = new TreeMap<>(files);
    }
  }

  /**
   * A position as stored: like {@link Position}, with the file digests kept once under their own
   * key ({@code filesRef}), as a context of many files would otherwise be written at every build.
   */
  record Seen(
      String parent,
      String instruction,
      Map<String, String> args,
      Map<String, String> settings,
      String filesRef,
      String key) {
    Seen {
      args = args == null ? Map.of() : args;
      settings = settings == null ? Map.of() : settings;
      filesRef = filesRef == null ? "" : filesRef; // a record written before file maps were shared
      key = key == null ? "" : key;
    }
  }

  private static final String FILES = "files:";

  private final MetadataStore metadata;
  private final Snapshotter snapshots;
  private final ContentStore content;
  private final Clock clock;

  StepCache(MetadataStore metadata, Snapshotter snapshots, ContentStore content, Clock clock) {
    this.metadata = metadata;
    this.snapshots = snapshots;
    this.content = content;
    this.clock = clock;
  }

  /** The result stored under {@code key}, if it and everything it needs are still there. */
  Optional<StepOutcome> lookup(String key, Optional<ChainId> parent) {
    Optional<BuildCacheRecord> record = metadata.read(tx -> tx.buildCache().get(key));
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Result r = parse(record.get().result());
    Instant created = Instant.parse(r.created());
    if (r.layerDigest() == null) {
      return Optional.of(new StepOutcome(Optional.empty(), parent, created));
    }
    Optional<ChainId> chain = record.get().chainId();
    Digest blob = Digest.parse(r.layerDigest());
    if (chain.isEmpty()
        || snapshots.stat(chain.get().toString()).isEmpty()
        || content.info(blob).isEmpty()) {
      return Optional.empty();
    }
    metadata.write(
        tx -> {
          tx.buildCache().touch(key, clock.instant());
          return null;
        });
    Descriptor descriptor = Descriptor.of(MediaType.parse(r.mediaType()), blob, r.layerSize());
    return Optional.of(
        new StepOutcome(
            Optional.of(new StepOutcome.Layer(descriptor, DiffId.parse(r.diffId()))),
            chain,
            created));
  }

  /** Records {@code outcome} as the result of {@code key}. */
  void store(String key, StepOutcome outcome) {
    Result r =
        outcome
            .layer()
            .map(
                l ->
                    new Result(
                        l.blob().digest().toString(),
                        l.blob().size(),
                        l.blob().mediaType().value(),
                        l.diffId().toString(),
                        outcome.created().toString()))
            .orElseGet(() -> new Result(null, 0, null, null, outcome.created().toString()));
    Instant now = clock.instant();
    Optional<ChainId> chain = outcome.layer().isPresent() ? outcome.chain() : Optional.empty();
    put(new BuildCacheRecord(key, chain, write(r), now, now));
  }

  /** What position {@code position} saw last time. */
  Optional<Seen> last(String position) {
    return metadata
        .read(tx -> tx.buildCache().get(POSITION + position))
        .map(r -> read(r.result(), Seen.class));
  }

  /**
   * What the last run of instruction {@code instruction} over parent key {@code parent} saw, in any
   * project: the previous build of a step whose parent was answered from the cache, even when the
   * build's tag or context directory changed since.
   */
  Optional<Seen> lastFrom(String parent, String instruction) {
    return metadata
        .read(tx -> tx.buildCache().get(LINEAGE + Keys.of(parent, instruction)))
        .map(r -> read(r.result(), Seen.class));
  }

  /** {@code seen} with its file digests read back (none when they are gone). */
  Position load(Seen seen) {
    Map<String, String> files = Map.of();
    if (!seen.filesRef().isEmpty()) {
      files =
          metadata
              .read(tx -> tx.buildCache().get(FILES + seen.filesRef()))
              .map(r -> read(r.result(), FileMap.class).files())
              .orElse(Map.of());
    }
    return new Position(
        seen.parent(), seen.instruction(), seen.args(), seen.settings(), files, seen.key());
  }

  /** The JSON shape of stored file digests. */
  record FileMap(Map<String, String> files) {}

  /**
   * Remembers what position {@code position} saw now, and what the step saw under its parent and
   * instruction, in one transaction; the file digests only when no record holds them yet.
   */
  void remember(String position, Position now) {
    Instant at = clock.instant();
    String filesRef = now.files().isEmpty() ? "" : Keys.of(now.files());
    String json =
        write(
            new Seen(
                now.parent(), now.instruction(), now.args(), now.settings(), filesRef, now.key()));
    String lineage = LINEAGE + Keys.of(now.parent(), now.instruction());
    metadata.write(
        tx -> {
          if (!filesRef.isEmpty() && tx.buildCache().get(FILES + filesRef).isEmpty()) {
            tx.buildCache()
                .put(
                    new BuildCacheRecord(
                        FILES + filesRef,
                        Optional.empty(),
                        write(new FileMap(now.files())),
                        at,
                        at));
          }
          tx.buildCache()
              .put(new BuildCacheRecord(POSITION + position, Optional.empty(), json, at, at));
          tx.buildCache().put(new BuildCacheRecord(lineage, Optional.empty(), json, at, at));
          return null;
        });
  }

  private void put(BuildCacheRecord record) {
    metadata.write(
        tx -> {
          tx.buildCache().put(record);
          return null;
        });
  }

  private static Result parse(String json) {
    return read(json, Result.class);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw BerthException.internal("reading a build cache record: " + e.getMessage(), e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw BerthException.internal("writing a build cache record: " + e.getMessage(), e);
    }
  }
}
