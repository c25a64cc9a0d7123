package io.berth.metadata;

import io.berth.errors.BerthException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A lease: while it exists (and has not expired), the resources it names are kept from garbage
 * collection. A resource is a string of the form {@code <kind>:<id>}, e.g. {@code content:sha256:…}
 * or {@code snapshot:<key>}.
 */
public record LeaseRecord(
    String id, Set<String> resources, Instant created, Optional<Instant> expires) {

  public LeaseRecord {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    resources = Set.copyOf(resources);
    if (id == null || id.isBlank()) {
      throw BerthException.invalid("a lease needs an ID");
    }
  }

  /** Whether the lease has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires.isPresent() && !expires.get().isAfter(now);
  }
}
