package io.berth.api;

/**
 * What the daemon tells about itself for {@code /version} and {@code /info}; supplied by the
 * daemon's wiring. Implementations are thread-safe and cheap enough to call per request.
 */
public interface SystemService {

  /** The engine's build and platform, for {@code GET /version}. */
  EngineVersion version();

  /** The engine's current state and host, for {@code GET /info}. */
  EngineInfo info();
}
