package io.berth.metadata.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.oci.Digest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The statements of one transaction on its connection, with Java values bound and read in one place
 * and sqlite's errors turned into berth's: a violated constraint into the error the caller names,
 * anything else into INTERNAL.
 */
final class Sql {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};
  private static final int SQLITE_CONSTRAINT = 19;

  /** Reads one row into a value. */
  @FunctionalInterface
  interface Rows<T> {
    T read(ResultSet row) throws SQLException;
  }

  private final Connection connection;
  private boolean open = true;

  Sql(Connection connection) {
    this.connection = connection;
  }

  /**
   * Runs an INSERT, UPDATE or DELETE; a violated constraint throws what {@code onConstraint} gives.
   */
  int update(Supplier<BerthException> onConstraint, String sql, Object... args) {
    try (PreparedStatement s = prepare(sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT) {
        BerthException error = onConstraint.get();
        error.initCause(e);
        throw error;
      }
      throw BerthException.internal("metadata statement failed: " + sql, e);
    }
  }

  /** Runs an INSERT, UPDATE or DELETE that no constraint can refuse. */
  int update(String sql, Object... args) {
    return update(
        () -> new BerthException(ErrorKind.INTERNAL, "metadata constraint violated: " + sql),
        sql,
        args);
  }

  <T> List<T> query(String sql, Rows<T> rows, Object... args) {
    try (PreparedStatement s = prepare(sql, args);
        ResultSet r = s.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (r.next()) {
        result.add(rows.read(r));
      }
      return result;
    } catch (SQLException e) {
      throw BerthException.internal("metadata query failed: " + sql, e);
    }
  }

  <T> Optional<T> one(String sql, Rows<T> rows, Object... args) {
    List<T> result = query(sql, rows, args);
    return result.isEmpty() ? Optional.empty() : Optional.of(result.getFirst());
  }

  /** Ends this transaction's use of the connection; a Tx kept past its function fails. */
  void close() {
    open = false;
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    if (!open) {
      throw new IllegalStateException("a metadata transaction was used after it ended");
    }
    PreparedStatement s = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, bind(args[i]));
    }
    return s;
  }

  private static Object bind(Object value) {
    return switch (value) {
      case null -> null;
      case Optional<?> o -> bind(o.orElse(null));
      case Instant t -> t.toEpochMilli();
      case Digest d -> d.toString();
      case Map<?, ?> m -> json(m);
      default -> value;
    };
  }

  static String json(Map<?, ?> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always has JSON", e);
    }
  }

  static Map<String, String> map(ResultSet row, String column) throws SQLException {
    try {
      return JSON.readValue(row.getString(column), MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("column " + column + " holds no JSON object of strings", e);
    }
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    return Instant.ofEpochMilli(row.getLong(column));
  }

  static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  static Digest digest(ResultSet row, String column) throws SQLException {
    return Digest.parse(row.getString(column));
  }
}
