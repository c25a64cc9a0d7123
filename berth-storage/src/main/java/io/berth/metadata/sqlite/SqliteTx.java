package io.berth.metadata.sqlite;

import io.berth.metadata.BuildCache;
import io.berth.metadata.Containers;
import io.berth.metadata.Images;
import io.berth.metadata.Leases;
import io.berth.metadata.References;
import io.berth.metadata.Tx;
import io.berth.metadata.Volumes;

/** The repositories of one sqlite transaction. */
record SqliteTx(Sql sql) implements Tx {

  @Override
  public References references() {
    return new SqlReferences(sql);
  }

  @Override
  public Images images() {
    return new SqlImages(sql);
  }

  @Override
  public Containers containers() {
    return new SqlContainers(sql);
  }

  @Override
  public Volumes volumes() {
    return new SqlVolumes(sql);
  }

  @Override
  public BuildCache buildCache() {
    return new SqlBuildCache(sql);
  }

  @Override
  public Leases leases() {
    return new SqlLeases(sql);
  }
}
