package io.berth.oci;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The identity of a stack of layers: the first layer's diff ID, then for each next layer the sha256
 * of {@code "<parent chain ID> <diff ID>"} (OCI image spec, config.md, "Layer ChainID").
 */
public record ChainId(Digest digest) implements Comparable<ChainId> {

  public ChainId {
    Objects.requireNonNull(digest, "digest");
  }

  public static ChainId parse(String text) {
    return new ChainId(Digest.parse(text));
  }

  /** The chain ID of the whole stack {@code diffIds}, bottom layer first; it must not be empty. */
  public static ChainId of(List<DiffId> diffIds) {
    if (diffIds.isEmpty()) {
      throw new IllegalArgumentException("a chain ID needs at least one layer");
    }
    ChainId chain = new ChainId(diffIds.getFirst().digest());
    for (DiffId next : diffIds.subList(1, diffIds.size())) {
      chain = chain.child(next);
    }
    return chain;
  }

  /** The chain ID of this stack with {@code next} on top. */
  public ChainId child(DiffId next) {
    String text = digest + " " + next.digest();
    return new ChainId(Digest.sha256(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public int compareTo(ChainId other) {
    return digest.compareTo(other.digest);
  }

  @Override
  public String toString() {
    return digest.toString();
  }
}
