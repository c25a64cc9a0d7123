package io.berth.api;

import io.berth.api.wire.InfoResponse;
import io.berth.api.wire.VersionResponse;
import java.io.IOException;

/** {@code /_ping}, {@code /version} and {@code /info}. */
public final class SystemRoutes implements RouteGroup {
  private final SystemService system;

  public SystemRoutes(SystemService system) {
    this.system = system;
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .get("/_ping", this::ping)
        .head("/_ping", this::ping)
        .get("/version", this::version)
        .get("/info", this::info);
  }

  private void ping(ApiRequest request) throws IOException {
    request
        .responseHeader("Builder-Version", "1")
        .responseHeader("Cache-Control", "no-cache, no-store, must-revalidate")
        .responseHeader("Pragma", "no-cache")
        .text(200, "OK");
  }

  private void version(ApiRequest request) throws IOException {
    request.json(200, VersionResponse.from(system.version()));
  }

  private void info(ApiRequest request) throws IOException {
    request.json(200, InfoResponse.from(system.info()));
  }
}
