package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.LeaseRecord;
import io.berth.metadata.Leases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Leases in the {@code leases} table, their resources in {@code lease_resources}. */
record SqlLeases(Sql sql) implements Leases {

  @Override
  public void put(LeaseRecord lease) {
    sql.update(
        "INSERT INTO leases (id, created, expires) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            + " created = excluded.created, expires = excluded.expires",
        lease.id(),
        lease.created(),
        lease.expires());
    sql.update("DELETE FROM lease_resources WHERE lease_id = ?", lease.id());
    for (String resource : lease.resources()) {
      addResource(lease.id(), resource);
    }
  }

  @Override
  public Optional<LeaseRecord> get(String id) {
    return sql.one("SELECT id, created, expires FROM leases WHERE id = ?", this::row, id);
  }

  @Override
  public void addResource(String id, String resource) {
    sql.update(
        () -> BerthException.notFound("no such lease: %s", id),
        "INSERT OR IGNORE INTO lease_resources (lease_id, resource) VALUES (?, ?)",
        id,
        resource);
  }

  @Override
  public boolean removeResource(String id, String resource) {
    return sql.update(
            "DELETE FROM lease_resources WHERE lease_id = ? AND resource = ?", id, resource)
        > 0;
  }

  @Override
  public boolean delete(String id) {
    return sql.update("DELETE FROM leases WHERE id = ?", id) > 0;
  }

  @Override
  public List<LeaseRecord> list() {
    return sql.query("SELECT id, created, expires FROM leases ORDER BY id", this::row);
  }

  @Override
  public List<LeaseRecord> expired(Instant now) {
    return sql.query(
        "SELECT id, created, expires FROM leases WHERE expires IS NOT NULL AND expires <= ?"
            + " ORDER BY id",
        this::row,
        now);
  }

  @Override
  public boolean leased(String resource, Instant now) {
    return sql.one(
            "SELECT 1 FROM lease_resources r JOIN leases l ON l.id = r.lease_id"
                + " WHERE r.resource = ? AND (l.expires IS NULL OR l.expires > ?) LIMIT 1",
            r -> true,
            resource,
            now)
        .isPresent();
  }

  private LeaseRecord row(ResultSet r) throws SQLException {
    String id = r.getString("id");
    List<String> resources =
        sql.query(
            "SELECT resource FROM lease_resources WHERE lease_id = ? ORDER BY resource",
            row -> row.getString(1),
            id);
    return new LeaseRecord(
        id, new HashSet<>(resources), Sql.instant(r, "created"), Sql.optionalInstant(r, "expires"));
  }
}
