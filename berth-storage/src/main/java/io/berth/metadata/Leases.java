package io.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The leases of one transaction. */
public interface Leases {

  /** Creates or replaces the lease with exactly its resources. */
  void put(LeaseRecord lease);

  Optional<LeaseRecord> get(String id);

  /** Adds {@code resource} to lease {@code id}; NOT_FOUND when there is no such lease. */
  void addResource(String id, String resource);

  /** Removes {@code resource} from lease {@code id}; whether it was there. */
  boolean removeResource(String id, String resource);

  /** Deletes the lease; whether there was one. */
  boolean delete(String id);

  /** Every lease, by ID. */
  List<LeaseRecord> list();

  /** The leases expired at {@code now}. */
  List<LeaseRecord> expired(Instant now);

  /** Whether an unexpired lease at {@code now} holds {@code resource}. */
  boolean leased(String resource, Instant now);
}
