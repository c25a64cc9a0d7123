package io.berth.image;

import java.util.List;

/** What {@code docker builder prune} removed: the records' IDs and the bytes their layers held. */
public record BuildCachePruneResult(List<String> deleted, long spaceReclaimed) {
  public BuildCachePruneResult {
    deleted = List.copyOf(deleted);
  }
}
