package io.berth.network;

import java.util.Map;

/** Where the network service publishes its events ({@code create}, {@code connect}…). */
@FunctionalInterface
public interface NetworkEvents {
  /** An event of type {@code network} about network {@code id}. */
  void emit(String action, String id, Map<String, String> attributes);

  /** Drops every event. */
  NetworkEvents NONE = (action, id, attributes) -> {};
}
