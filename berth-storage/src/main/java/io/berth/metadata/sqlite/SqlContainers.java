package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.ContainerRecord;
import io.berth.metadata.Containers;
import io.berth.metadata.IdPrefix;
import io.berth.oci.Digest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Containers in the {@code containers} table. */
record SqlContainers(Sql sql) implements Containers {

  private static final String COLUMNS = "id, name, image_id, config, state, created, labels";

  @Override
  public void create(ContainerRecord c) {
    sql.update(
        taken(c),
        "INSERT INTO containers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        c.id(),
        c.name(),
        c.imageId(),
        c.config(),
        c.state(),
        c.created(),
        c.labels());
  }

  @Override
  public void update(ContainerRecord c) {
    int changed =
        sql.update(
            taken(c),
            "UPDATE containers SET name = ?, image_id = ?, config = ?, state = ?, created = ?,"
                + " labels = ? WHERE id = ?",
            c.name(),
            c.imageId(),
            c.config(),
            c.state(),
            c.created(),
            c.labels(),
            c.id());
    if (changed == 0) {
      throw BerthException.notFound("no such container: %s", c.id());
    }
  }

  @Override
  public void updateState(String id, String state) {
    if (sql.update("UPDATE containers SET state = ? WHERE id = ?", state, id) == 0) {
      throw BerthException.notFound("no such container: %s", id);
    }
  }

  @Override
  public Optional<ContainerRecord> get(String id) {
    return sql.one("SELECT " + COLUMNS + " FROM containers WHERE id = ?", SqlContainers::row, id);
  }

  @Override
  public Optional<ContainerRecord> findByName(String name) {
    return sql.one(
        "SELECT " + COLUMNS + " FROM containers WHERE name = ?", SqlContainers::row, name);
  }

  @Override
  public ContainerRecord resolve(String idOrName) {
    Optional<ContainerRecord> exact = get(idOrName).or(() -> findByName(idOrName));
    if (exact.isPresent()) {
      return exact.get();
    }
    if (idOrName.isEmpty()) {
      throw BerthException.invalid("a container ID or name must not be empty");
    }
    List<String> matches =
        sql.query(
            "SELECT id FROM containers WHERE substr(id, 1, ?) = ? LIMIT 2",
            r -> r.getString(1),
            idOrName.length(),
            idOrName);
    return get(IdPrefix.resolve("container", idOrName, matches)).orElseThrow();
  }

  @Override
  public boolean delete(String id) {
    return sql.update("DELETE FROM containers WHERE id = ?", id) > 0;
  }

  @Override
  public List<ContainerRecord> list() {
    return sql.query(
        "SELECT " + COLUMNS + " FROM containers ORDER BY created DESC, id", SqlContainers::row);
  }

  @Override
  public List<ContainerRecord> listByImage(Digest imageId) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM containers WHERE image_id = ? ORDER BY created DESC, id",
        SqlContainers::row,
        imageId);
  }

  /** The error for a taken ID or name, worded as Docker words it. */
  private Supplier<BerthException> taken(ContainerRecord c) {
    return () -> {
      Optional<ContainerRecord> holder = findByName(c.name()).filter(o -> !o.id().equals(c.id()));
      if (holder.isPresent()) {
        return BerthException.conflict(
            "the container name \"%s\" is already in use by container \"%s\"",
            c.name(), holder.get().id());
      }
      return BerthException.conflict("a container with ID %s already exists", c.id());
    };
  }

  private static ContainerRecord row(ResultSet r) throws SQLException {
    return new ContainerRecord(
        r.getString("id"),
        r.getString("name"),
        Sql.digest(r, "image_id"),
        r.getString("config"),
        r.getString("state"),
        Sql.instant(r, "created"),
        Sql.map(r, "labels"));
  }
}
