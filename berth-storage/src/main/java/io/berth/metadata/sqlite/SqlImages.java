package io.berth.metadata.sqlite;

import io.berth.errors.BerthException;
import io.berth.metadata.IdPrefix;
import io.berth.metadata.ImageRecord;
import io.berth.metadata.Images;
import io.berth.oci.Digest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Images in the {@code images} table. */
record SqlImages(Sql sql) implements Images {

  private static final String COLUMNS = "id, manifest_digest, media_type, created, size";

  @Override
  public void put(ImageRecord i) {
    sql.update(
        "INSERT INTO images ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            + " manifest_digest = excluded.manifest_digest, media_type = excluded.media_type,"
            + " created = excluded.created, size = excluded.size",
        i.id(),
        i.manifestDigest(),
        i.mediaType(),
        i.created(),
        i.size());
  }

  @Override
  public Optional<ImageRecord> get(Digest id) {
    return sql.one("SELECT " + COLUMNS + " FROM images WHERE id = ?", SqlImages::row, id);
  }

  @Override
  public boolean delete(Digest id) {
    return sql.update(
            () ->
                BerthException.conflict(
                    "cannot delete image %s: it is still referenced by %s",
                    id.hex().substring(0, 12),
                    new SqlReferences(sql).listByImage(id).getFirst().name()),
            "DELETE FROM images WHERE id = ?",
            id)
        > 0;
  }

  @Override
  public List<ImageRecord> list() {
    return sql.query(
        "SELECT " + COLUMNS + " FROM images ORDER BY created DESC, id", SqlImages::row);
  }

  @Override
  public ImageRecord resolvePrefix(String prefix) {
    String full = prefix.contains(":") ? prefix : Digest.SHA256 + ":" + prefix;
    if (prefix.isEmpty()) {
      throw BerthException.invalid("an image ID prefix must not be empty");
    }
    List<String> matches =
        sql.query(
            "SELECT id FROM images WHERE substr(id, 1, ?) = ? LIMIT 2",
            r -> r.getString(1),
            full.length(),
            full);
    return get(Digest.parse(IdPrefix.resolve("image", prefix, matches))).orElseThrow();
  }

  private static ImageRecord row(ResultSet r) throws SQLException {
    return new ImageRecord(
        Sql.digest(r, "id"),
        Sql.digest(r, "manifest_digest"),
        r.getString("media_type"),
        Sql.instant(r, "created"),
        r.getLong("size"));
  }
}
