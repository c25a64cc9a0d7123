package io.berth.api;

/**
 * A family of endpoints (system, events, images, containers…) that registers its routes; adding an
 * endpoint is one line in {@link #register} and one handler method.
 */
public interface RouteGroup {
  void register(Router.Builder routes);
}
