package io.berth.api;

import java.io.IOException;

/**
 * Answers one endpoint. A handler throws {@link io.berth.errors.BerthException} for a failure the
 * client should see; the router turns it into Docker's error body.
 */
@FunctionalInterface
public interface ApiHandler {
  void handle(ApiRequest request) throws IOException;
}
