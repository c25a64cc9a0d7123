package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.ReferenceRecord;
import io.berth.metadata.References;
import io.berth.oci.Digest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** References in the {@code refs} table. */
record SqlReferences(Sql sql) implements References {

  private static final String COLUMNS = "name, target, media_type, image_id, created";

  @Override
  public void put(ReferenceRecord r) {
    sql.update(
        () -> BerthException.notFound("cannot tag %s: no such image %s", r.name(), r.imageId()),
        "INSERT OR REPLACE INTO refs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        r.name(),
        r.target(),
        r.mediaType(),
        r.imageId(),
        r.created());
  }

  @Override
  public Optional<ReferenceRecord> get(String name) {
    return sql.one("SELECT " + COLUMNS + " FROM refs WHERE name = ?", SqlReferences::row, name);
  }

  @Override
  public boolean delete(String name) {
    return sql.update("DELETE FROM refs WHERE name = ?", name) > 0;
  }

  @Override
  public List<ReferenceRecord> list() {
    return sql.query("SELECT " + COLUMNS + " FROM refs ORDER BY name", SqlReferences::row);
  }

  @Override
  public List<ReferenceRecord> listByImage(Digest imageId) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM refs WHERE image_id = ? ORDER BY name",
        SqlReferences::row,
        imageId);
  }

  private static ReferenceRecord row(ResultSet r) throws SQLException {
    return new ReferenceRecord(
        r.getString("name"),
        Sql.digest(r, "target"),
        r.getString("media_type"),
        Sql.digest(r, "image_id"),
        Sql.instant(r, "created"));
  }
}
