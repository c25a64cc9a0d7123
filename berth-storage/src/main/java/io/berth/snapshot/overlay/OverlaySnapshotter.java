package io.berth.snapshot.overlay;

import io.berth.errors.BerthException;
import io.berth.mount.Mount;
import io.berth.mount.OverlayOptions;
import io.berth.snapshot.Info;
import io.berth.snapshot.Kind;
import io.berth.snapshot.Snapshotter;
import io.berth.snapshot.Usage;
import io.berth.snapshot.overlay.SnapshotTable.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Snapshotter} on the kernel's overlay filesystem: each snapshot is a directory {@code
 * <root>/snapshots/<id>} holding {@code fs} (its files, or an active snapshot's upper layer) and
 * {@code work} (overlay's scratch space); the rows that tie keys to ids live in {@code
 * <root>/snapshots/snapshots.db}. A directory is created under a temporary name and renamed once
 * complete, inside the transaction that records it, and any directory without a row is deleted when
 * the snapshotter opens, so a crash leaves each snapshot whole or absent. All methods serialise on
 * the instance.
 */
public final class OverlaySnapshotter implements Snapshotter {

  private final Path snapshots;
  private final SnapshotTable table;

  /** Opens (creating if needed) the snapshotter at {@code root} and cleans up after a crash. */
  public OverlaySnapshotter(Path root) {
    this.snapshots = root.resolve("snapshots");
    try {
      Files.createDirectories(snapshots);
    } catch (IOException e) {
      throw BerthException.internal("creating the snapshot directory " + snapshots, e);
    }
    this.table = SnapshotTable.open(snapshots.resolve("snapshots.db"));
    removeOrphans();
  }

  @Override
  public synchronized List<Mount> prepare(
      String key, Optional<String> parent, Map<String, String> labels) {
    return create(key, parent, labels, Kind.ACTIVE);
  }

  @Override
  public synchronized List<Mount> view(
      String key, Optional<String> parent, Map<String, String> labels) {
    return create(key, parent, labels, Kind.VIEW);
  }

  @Override
  public synchronized List<Mount> mounts(String key) {
    Row row = table.inTransaction("reading snapshot " + key, () -> require(key));
    if (row.kind() == Kind.COMMITTED) {
      throw BerthException.precondition(
          "snapshot %s is committed: mount it through a view or an active child", key);
    }
    return mountsOf(row);
  }

  @Override
  public synchronized void commit(String name, String key, Map<String, String> labels) {
    checkKey(name);
    Map<String, String> added = Map.copyOf(labels);
    table.inTransaction(
        "committing snapshot " + key + " as " + name,
        () -> {
          Row row = require(key);
          if (row.kind() != Kind.ACTIVE) {
            throw BerthException.precondition(
                "cannot commit snapshot %s: it is %s, not active", key, kindName(row.kind()));
          }
          if (table.byKey(name).isPresent()) {
            throw BerthException.conflict(
                "cannot commit %s: snapshot %s already exists", key, name);
          }
          Map<String, String> merged = new HashMap<>(row.labels());
          merged.putAll(added);
          table.commit(row.id(), name, merged);
          return null;
        });
  }

  @Override
  public synchronized void remove(String key) {
    Row row =
        table.inTransaction(
            "removing snapshot " + key,
            () -> {
              Row found = require(key);
              Optional<String> child = table.childOf(found.id());
              if (child.isPresent()) {
                throw BerthException.conflict(
                    "cannot remove snapshot %s: snapshot %s has it as parent", key, child.get());
              }
              table.delete(found.id());
              return found;
            });

    // The row is gone, so a crash from here on leaves an orphan that the next open deletes.
    Path directory = directory(row.id());
    Path doomed = snapshots.resolve(row.id() + ".removed");
    try {
      Files.move(directory, doomed);
      Tree.delete(doomed);
    } catch (IOException e) {
      throw BerthException.internal(
          "deleting the files of snapshot " + key + " in " + directory, e);
    }
  }

  @Override
  public synchronized Optional<Info> stat(String key) {
    return table.inTransaction(
        "reading snapshot " + key,
        () -> {
          Optional<Row> row = table.byKey(key);
          return row.isEmpty() ? Optional.<Info>empty() : Optional.of(info(row.get()));
        });
  }

  @Override
  public synchronized List<Info> list() {
    return table.inTransaction(
        "listing snapshots",
        () -> {
          List<Row> rows = table.all();
          Map<Long, String> keys = new HashMap<>();
          rows.forEach(r -> keys.put(r.id(), r.key()));
          return rows.stream().map(r -> info(r, r.parentId().map(keys::get))).toList();
        });
  }

  @Override
  public synchronized Usage usage(String key) {
    Row row = table.inTransaction("reading snapshot " + key, () -> require(key));
    try {
      return Tree.usage(fs(row.id()));
    } catch (IOException e) {
      throw BerthException.internal("measuring snapshot " + key, e);
    }
  }

  @Override
  public synchronized Optional<Path> upperDirectory(String key) {
    return table
        .inTransaction("reading snapshot " + key, () -> table.byKey(key))
        .filter(row -> row.kind() == Kind.ACTIVE)
        .map(row -> fs(row.id()));
  }

  @Override
  public synchronized Optional<Path> layerDirectory(String key) {
    return table
        .inTransaction("reading snapshot " + key, () -> table.byKey(key))
        .filter(row -> row.kind() == Kind.COMMITTED)
        .map(row -> fs(row.id()));
  }

  /**
   * Syncs outside the instance's lock, so that a long write-back does not hold up other builds; the
   * snapshot's directory was renamed into place when it was made, and is synced with it.
   */
  @Override
  public void sync(String key) {
    long id;
    synchronized (this) {
      id = table.inTransaction("reading snapshot " + key, () -> require(key)).id();
    }
    try {
      Tree.sync(fs(id));
      Tree.syncDirectory(directory(id));
      Tree.syncDirectory(snapshots);
    } catch (IOException e) {
      throw BerthException.internal(
          "writing the files of snapshot " + key + " in " + directory(id) + " to disk", e);
    }
  }

  @Override
  public synchronized void close() {
    table.close();
  }

  private List<Mount> create(
      String key, Optional<String> parent, Map<String, String> labels, Kind kind) {
    checkKey(key);
    Instant now = Instant.now();
    Row row =
        table.inTransaction(
            "creating snapshot " + key,
            () -> {
              if (table.byKey(key).isPresent()) {
                throw BerthException.conflict("snapshot %s already exists", key);
              }
              Optional<Long> parentId =
                  parent.isEmpty() ? Optional.empty() : parentId(key, parent.get());
              long id = table.insert(key, parentId, kind, now, labels);
              Row created = new Row(id, key, parentId, kind, now, labels);
              checkOptionLength(created);
              makeDirectory(id);
              return created;
            });
    return mountsOf(row);
  }

  private Optional<Long> parentId(String key, String parent) throws SQLException {
    Row row =
        table
            .byKey(parent)
            .orElseThrow(
                () -> BerthException.notFound("parent snapshot %s of %s not found", parent, key));
    if (row.kind() != Kind.COMMITTED) {
      throw BerthException.precondition(
          "parent snapshot %s of %s is %s: a parent must be committed",
          parent, key, kindName(row.kind()));
    }
    return Optional.of(row.id());
  }

  /** Creates {@code <id>} complete under a temporary name, then renames it into place. */
  private void makeDirectory(long id) throws IOException {
    Path temporary = snapshots.resolve(id + ".new");
    Path directory = directory(id);
    Tree.delete(temporary);
    Tree.delete(directory);
    try {
      Files.createDirectories(temporary.resolve("fs"));
      Files.createDirectories(temporary.resolve("work"));
      Files.move(temporary, directory);
    } catch (IOException e) {
      Tree.delete(temporary);
      throw e;
    }
  }

  private List<Mount> mountsOf(Row row) {
    List<Path> lowers = lowerDirectories(row);
    return switch (row.kind()) {
      case ACTIVE ->
          lowers.isEmpty()
              ? List.of(new Mount("bind", fs(row.id()).toString(), List.of("rbind", "rw")))
              : List.of(overlay(lowers, Optional.of(row.id())));
      case VIEW ->
          switch (lowers.size()) {
            case 0 -> List.of(new Mount("bind", fs(row.id()).toString(), List.of("ro", "rbind")));
            case 1 ->
                List.of(new Mount("bind", lowers.getFirst().toString(), List.of("ro", "rbind")));
            default -> List.of(overlay(lowers, Optional.empty()));
          };
      case COMMITTED -> throw new IllegalStateException("a committed snapshot has no mounts");
    };
  }

  private Mount overlay(List<Path> lowers, Optional<Long> upper) {
    List<String> options = new ArrayList<>();
    options.add("index=off");
    if (upper.isEmpty()) {
      options.add("ro");
    }
    options.add("lowerdir=" + String.join(":", lowers.stream().map(Path::toString).toList()));
    upper.ifPresent(
        id -> {
          options.add("upperdir=" + fs(id));
          options.add("workdir=" + directory(id).resolve("work"));
        });
    return new Mount("overlay", "overlay", options);
  }

  /** Refuses a chain whose overlay options exceed a page even with relative directories. */
  private void checkOptionLength(Row row) {
    if (row.kind() == Kind.COMMITTED) {
      return;
    }
    for (Mount mount : mountsOf(row)) {
      OverlayOptions options = OverlayOptions.of(String.join(",", mount.options()));
      if (!options.fitsInAPage()) {
        throw BerthException.precondition(
            "cannot create snapshot %s: its %d lower layers need %d bytes of overlay options even"
                + " relative to %s, more than the kernel's limit of %d",
            row.key(),
            lowerDirectories(row).size(),
            options.data().getBytes(StandardCharsets.UTF_8).length,
            snapshots,
            OverlayOptions.MAX_DATA_BYTES - 1);
      }
    }
  }

  /** The fs directories of {@code row}'s parent chain, nearest parent first. */
  private List<Path> lowerDirectories(Row row) {
    List<Path> lowers = new ArrayList<>();
    Optional<Long> next = row.parentId();
    try {
      while (next.isPresent()) {
        long id = next.get();
        lowers.add(fs(id));
        next = table.byId(id).flatMap(Row::parentId);
      }
    } catch (SQLException e) {
      throw BerthException.internal("reading the parents of snapshot " + row.key(), e);
    }
    return lowers;
  }

  private Row require(String key) throws SQLException {
    return table
        .byKey(key)
        .orElseThrow(() -> BerthException.notFound("snapshot %s not found", key));
  }

  private Info info(Row row) throws SQLException {
    Optional<String> parent = Optional.empty();
    if (row.parentId().isPresent()) {
      parent = table.byId(row.parentId().get()).map(Row::key);
    }
    return info(row, parent);
  }

  private static Info info(Row row, Optional<String> parent) {
    return new Info(row.key(), parent, row.kind(), row.created(), row.labels());
  }

  /**
   * Deletes every entry under {@code snapshots/} that is neither the database nor a snapshot. A row
   * whose directory is gone cannot come from a crash (directories are renamed into place before
   * their row commits and deleted after it is gone), only from outside interference.
   */
  // TODO(#3): report rows without a directory (e.g. via an event) instead of failing at mount.
  private void removeOrphans() {
    Set<String> known = new HashSet<>();
    table.inTransaction(
        "listing snapshots",
        () -> {
          table.all().forEach(r -> known.add(Long.toString(r.id())));
          return null;
        });
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshots)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("snapshots.db") && !known.contains(name)) {
          Tree.delete(entry);
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("cleaning up unfinished snapshots in " + snapshots, e);
    }
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw BerthException.invalid("a snapshot key must not be empty");
    }
  }

  private static String kindName(Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  private Path directory(long id) {
    return snapshots.resolve(Long.toString(id));
  }

  private Path fs(long id) {
    return directory(id).resolve("fs");
  }
}
