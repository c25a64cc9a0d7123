package io.berth.container;

import java.util.Map;

/**
 * Where the container service reports what happens to containers and volumes ({@code type}
 * container or volume, {@code action} create, start, die…), for the daemon's {@code /events}.
 * Called from any thread.
 */
@FunctionalInterface
public interface ContainerEvents {

  ContainerEvents NONE = (type, action, id, attributes) -> {};

  void emit(String type, String action, String id, Map<String, String> attributes);
}
