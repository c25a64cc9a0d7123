package io.berth.metadata.sqlite;

import io.berth.metadata.BuildCache;
import io.berth.metadata.BuildCacheRecord;
import io.berth.oci.ChainId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Build cache records in the {@code build_cache} table. */
record SqlBuildCache(Sql sql) implements BuildCache {

  private static final String COLUMNS = "key, chain_id, result, created, last_used";

  @Override
  public void put(BuildCacheRecord b) {
    sql.update(
        "INSERT OR REPLACE INTO build_cache (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        b.key(),
        b.chainId().map(ChainId::toString),
        b.result(),
        b.created(),
        b.lastUsed());
  }

  @Override
  public Optional<BuildCacheRecord> get(String key) {
    return sql.one(
        "SELECT " + COLUMNS + " FROM build_cache WHERE key = ?", SqlBuildCache::row, key);
  }

  @Override
  public boolean touch(String key, Instant lastUsed) {
    return sql.update("UPDATE build_cache SET last_used = ? WHERE key = ?", lastUsed, key) > 0;
  }

  @Override
  public boolean delete(String key) {
    return sql.update("DELETE FROM build_cache WHERE key = ?", key) > 0;
  }

  @Override
  public List<BuildCacheRecord> list() {
    return sql.query(
        "SELECT " + COLUMNS + " FROM build_cache ORDER BY last_used, key", SqlBuildCache::row);
  }

  @Override
  public int deleteUnusedSince(Instant cutoff) {
    return sql.update("DELETE FROM build_cache WHERE last_used < ?", cutoff);
  }

  private static BuildCacheRecord row(ResultSet r) throws SQLException {
    String chain = r.getString("chain_id");
    return new BuildCacheRecord(
        r.getString("key"),
        Optional.ofNullable(chain).map(ChainId::parse),
        r.getString("result"),
        Sql.instant(r, "created"),
        Sql.instant(r, "last_used"));
  }
}
