package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.VolumeRecord;
import io.berth.metadata.Volumes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Volumes in the {@code volumes} table. */
record SqlVolumes(Sql sql) implements Volumes {

  private static final String COLUMNS = "name, driver, labels, options, created";

  @Override
  public void create(VolumeRecord v) {
    sql.update(
        () -> BerthException.conflict("a volume named %s already exists", v.name()),
        "INSERT INTO volumes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        v.name(),
        v.driver(),
        v.labels(),
        v.options(),
        v.created());
  }

  @Override
  public Optional<VolumeRecord> get(String name) {
    return sql.one("SELECT " + COLUMNS + " FROM volumes WHERE name = ?", SqlVolumes::row, name);
  }

  @Override
  public boolean delete(String name) {
    return sql.update("DELETE FROM volumes WHERE name = ?", name) > 0;
  }

  @Override
  public List<VolumeRecord> list() {
    return sql.query("SELECT " + COLUMNS + " FROM volumes ORDER BY name", SqlVolumes::row);
  }

  private static VolumeRecord row(ResultSet r) throws SQLException {
    return new VolumeRecord(
        r.getString("name"),
        r.getString("driver"),
        Sql.map(r, "labels"),
        Sql.map(r, "options"),
        Sql.instant(r, "created"));
  }
}
