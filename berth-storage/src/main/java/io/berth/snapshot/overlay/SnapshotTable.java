package io.berth.snapshot.overlay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.snapshot.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * The overlay snapshotter's own record of its snapshots, one row each, in a sqlite file written
 * with WAL and full sync so that a crash leaves each transaction done or undone. Not thread-safe:
 * its owner serialises calls.
 */
final class SnapshotTable implements AutoCloseable {

  private static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  /** One snapshot as stored; {@code id} names its directory. */
  record Row(
      long id,
      String key,
      Optional<Long> parentId,
      Kind kind,
      Instant created,
      Map<String, String> labels) {}

  /** A step run inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  private final Path file;
  private final Connection connection;

  private SnapshotTable(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  static SnapshotTable open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    try {
      Connection connection =
          DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      SnapshotTable table = new SnapshotTable(file, connection);
      table.migrate();
      return table;
    } catch (SQLException e) {
      throw BerthException.internal("opening the snapshot database " + file, e);
    }
  }

  private void migrate() throws SQLException {
    int version;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      version = r.getInt(1);
    }
    if (version > SCHEMA_VERSION) {
      throw BerthException.precondition(
          "the snapshot database %s has schema version %d; this berth knows up to %d",
          file, version, SCHEMA_VERSION);
    }
    if (version == SCHEMA_VERSION) {
      return;
    }
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.executeUpdate(
          """
          CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            parent_id INTEGER REFERENCES snapshots(id) ON DELETE RESTRICT,
            kind TEXT NOT NULL CHECK (kind IN ('ACTIVE', 'VIEW', 'COMMITTED')),
            created INTEGER NOT NULL,
            labels TEXT NOT NULL
          )""");
      s.executeUpdate("CREATE INDEX snapshots_parent ON snapshots(parent_id)");
      s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  <T> T inTransaction(String what, Work<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (Exception | Error e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (BerthException e) {
      throw e;
    } catch (Exception e) {
      throw BerthException.internal(what + " in " + file, e);
    }
  }

  Optional<Row> byKey(String key) throws SQLException {
    return one("SELECT * FROM snapshots WHERE key = ?", key);
  }

  Optional<Row> byId(long id) throws SQLException {
    return one("SELECT * FROM snapshots WHERE id = ?", id);
  }

  /** The key of one snapshot whose parent is {@code id}, if any. */
  Optional<String> childOf(long id) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT key FROM snapshots WHERE parent_id = ? LIMIT 1")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  long insert(
      String key, Optional<Long> parentId, Kind kind, Instant created, Map<String, String> labels)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO snapshots (key, parent_id, kind, created, labels) VALUES (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, key);
      if (parentId.isPresent()) {
        s.setLong(2, parentId.get());
      } else {
        s.setNull(2, java.sql.Types.INTEGER);
      }
      s.setString(3, kind.name());
      s.setLong(4, created.toEpochMilli());
      s.setString(5, JSON.writeValueAsString(new TreeMap<>(labels)));
      s.executeUpdate();
      try (ResultSet r = s.getGeneratedKeys()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  void commit(long id, String name, Map<String, String> labels)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE snapshots SET key = ?, kind = 'COMMITTED', labels = ? WHERE id = ?")) {
      s.setString(1, name);
      s.setString(2, JSON.writeValueAsString(new TreeMap<>(labels)));
      s.setLong(3, id);
      s.executeUpdate();
    }
  }

  void delete(long id) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("DELETE FROM snapshots WHERE id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  List<Row> all() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM snapshots ORDER BY id")) {
      while (r.next()) {
        rows.add(row(r));
      }
    }
    return rows;
  }

  private Optional<Row> one(String sql, Object value) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setObject(1, value);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    }
  }

  private Row row(ResultSet r) throws SQLException {
    long parent = r.getLong("parent_id");
    Optional<Long> parentId = r.wasNull() ? Optional.empty() : Optional.of(parent);
    Map<String, String> labels;
    try {
      labels = JSON.readValue(r.getString("labels"), LABELS);
    } catch (JsonProcessingException e) {
      throw new SQLException("snapshot " + r.getString("key") + " has unreadable labels", e);
    }
    return new Row(
        r.getLong("id"),
        r.getString("key"),
        parentId,
        Kind.valueOf(r.getString("kind")),
        Instant.ofEpochMilli(r.getLong("created")),
        labels);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw BerthException.internal("closing the snapshot database " + file, e);
    }
  }
}
