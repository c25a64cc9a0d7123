package io.berth.image;

import java.util.List;

/** What a prune removed and the bytes it freed. */
public record PruneResult(List<RemovedImage> removed, long spaceReclaimed) {
  public PruneResult {
    removed = List.copyOf(removed);
  }
}
