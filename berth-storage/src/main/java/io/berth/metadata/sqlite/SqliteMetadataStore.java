package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.Tx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;

/**
 * The {@link MetadataStore} in one sqlite file, {@code <root>/metadata.db}, in WAL mode with full
 * sync and foreign keys on: a committed transaction survives a power cut, an interrupted one leaves
 * nothing. One connection; transactions take turns on it.
 */
public final class SqliteMetadataStore implements MetadataStore {

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteMetadataStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating if needed) {@code <root>/metadata.db} and brings its schema up to date. */
  public static SqliteMetadataStore open(Path root) {
    Path file = root.resolve("metadata.db");
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    try {
      Files.createDirectories(root);
      Connection connection =
          DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      SqliteMetadataStore store = new SqliteMetadataStore(file, connection);
      store.migrate();
      return store;
    } catch (SQLException | IOException e) {
      throw BerthException.internal("opening the metadata database " + file, e);
    }
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    return transaction(work, true);
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return transaction(work, false);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw BerthException.internal("closing the metadata database " + file, e);
    } finally {
      lock.unlock();
    }
  }

  // TODO(#3): reads take turns with writes on the one connection; a pool of read-only
  // connections would let WAL serve them in parallel if the daemon ever needs it.
  private <T> T transaction(Function<Tx, T> work, boolean readOnly) {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("metadata transactions do not nest");
    }
    lock.lock();
    Sql sql = new Sql(connection);
    try {
      begin(readOnly);
      T result;
      try {
        result = work.apply(new SqliteTx(sql));
      } catch (RuntimeException | Error e) {
        rollback(e);
        throw e;
      }
      end(readOnly);
      return result;
    } finally {
      sql.close();
      lock.unlock();
    }
  }

  private void begin(boolean readOnly) {
    try {
      if (readOnly) {
        // A write inside a read transaction fails rather than being silently rolled back.
        execute("PRAGMA query_only = ON");
        execute("BEGIN DEFERRED");
      } else {
        execute("BEGIN IMMEDIATE");
      }
    } catch (SQLException e) {
      rollback(e);
      throw BerthException.internal("beginning a transaction on " + file, e);
    }
  }

  private void end(boolean readOnly) {
    try {
      if (readOnly) {
        execute("ROLLBACK");
        execute("PRAGMA query_only = OFF");
      } else {
        execute("COMMIT");
      }
    } catch (SQLException e) {
      rollback(e);
      throw BerthException.internal("committing a transaction on " + file, e);
    }
  }

  private void rollback(Throwable primary) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // sqlite ends the transaction itself on some failures; only other errors are news.
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        primary.addSuppressed(e);
      }
    }
    try {
      execute("PRAGMA query_only = OFF");
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  private void migrate() throws SQLException {
    int version = userVersion();
    int known = Schema.MIGRATIONS.size();
    if (version > known) {
      throw BerthException.precondition(
          "the metadata database %s has schema version %d, newer than this berth's %d",
          file, version, known);
    }
    for (int next = version; next < known; next++) {
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        for (String statement : Schema.MIGRATIONS.get(next).split(";")) {
          if (!statement.isBlank()) {
            s.executeUpdate(statement);
          }
        }
        s.executeUpdate("PRAGMA user_version = " + (next + 1));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private int userVersion() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      return r.getInt(1);
    }
  }

  private void execute(String statement) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }
}
