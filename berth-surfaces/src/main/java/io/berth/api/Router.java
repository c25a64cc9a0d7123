package io.berth.api;

import io.berth.api.http.HttpExchange;
import io.berth.api.http.HttpHandler;
import io.berth.api.wire.ErrorResponse;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches API calls to their handlers, on {@code /v1.NN/...} and unversioned paths alike; checks
 * the version, and turns every failure into Docker's error body in one place. Immutable and
 * thread-safe once built.
 */
public final class Router implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());
  private static final Pattern VERSIONED = Pattern.compile("^/v([0-9]+\\.[0-9]+)(/.*)$");
  private static final AtomicLong REQUESTS = new AtomicLong();

  private final List<Route> routes;
  private final String serverHeader;

  private Router(List<Route> routes, String serverVersion) {
    this.routes = List.copyOf(routes);
    this.serverHeader = "berth/" + serverVersion + " (linux)";
  }

  /** A builder for a router whose {@code Server} header names {@code serverVersion}. */
  public static Builder builder(String serverVersion) {
    return new Builder(serverVersion);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String id = Long.toString(REQUESTS.incrementAndGet(), 36);
    exchange.responseHeaders().set("Api-Version", ApiVersion.MAX.toString());
    exchange.responseHeaders().set("Docker-Experimental", "false");
    exchange.responseHeaders().set("Ostype", "linux");
    exchange.responseHeaders().set("Server", serverHeader);
    String method = exchange.request().method();
    String path = exchange.request().path();
    try {
      dispatch(exchange, method, path, id);
    } catch (BerthException e) {
      fail(exchange, ApiErrors.status(e.kind()), e.getMessage());
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "unexpected failure answering request request={0} method={1} path={2} error={3}",
          id,
          method,
          path,
          e.toString());
      LOG.log(Level.DEBUG, "stack trace of request " + id, e);
      fail(exchange, 500, "internal error (request " + id + "): " + e);
    }
  }

  private void dispatch(HttpExchange exchange, String method, String path, String id)
      throws IOException {
    ApiVersion version = ApiVersion.MAX;
    Matcher versioned = VERSIONED.matcher(path);
    if (versioned.matches()) {
      version = checked(ApiVersion.parse(versioned.group(1)));
      path = versioned.group(2);
    }
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Optional<Map<String, String>> params = route.match(path);
      if (params.isPresent()) {
        route.handler().handle(new ApiRequest(exchange, params.get(), version, id));
        return;
      }
    }
    // Docker answers an unknown path and a known path with another method alike.
    fail(exchange, 404, "page not found");
  }

  private static ApiVersion checked(ApiVersion version) {
    if (version.isBefore(ApiVersion.MIN)) {
      throw BerthException.invalid(
          "client version %s is too old. Minimum supported API version is %s, "
              + "please upgrade your client to a newer version",
          version, ApiVersion.MIN);
    }
    if (ApiVersion.MAX.isBefore(version)) {
      throw BerthException.invalid(
          "client version %s is too new. Maximum supported API version is %s",
          version, ApiVersion.MAX);
    }
    return version;
  }

  private static void fail(HttpExchange exchange, int status, String message) throws IOException {
    if (exchange.committed()) {
      // the head is out: a stream can only be cut, which the client sees as an early end
      return;
    }
    exchange.respond(
        status, "application/json", Json.MAPPER.writeValueAsBytes(new ErrorResponse(message)));
  }

  /** One endpoint: a method and a path template such as {@code /containers/{id}/json}. */
  record Route(
      String method, String template, Pattern pattern, List<String> names, ApiHandler handler) {

    static Route of(String method, String template, ApiHandler handler) {
      StringBuilder regex = new StringBuilder("^");
      List<String> names = new ArrayList<>();
      Matcher m = Pattern.compile("\\{([a-zA-Z]+)(:\\.\\*)?}").matcher(template);
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(template.substring(last, m.start())));
        regex.append(m.group(2) == null ? "([^/]+)" : "(.+)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(template.substring(last))).append("/?$");
      return new Route(method, template, Pattern.compile(regex.toString()), names, handler);
    }

    Optional<Map<String, String>> match(String path) {
      Matcher m = pattern.matcher(path);
      if (!m.matches()) {
        return Optional.empty();
      }
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        params.put(names.get(i), m.group(i + 1));
      }
      return Optional.of(params);
    }
  }

  /**
   * Collects routes. A template segment {@code {id}} matches one path segment, {@code {name:.*}}
   * the rest of the path (image names hold slashes).
   */
  public static final class Builder {
    private final String serverVersion;
    private final List<Route> routes = new ArrayList<>();

    private Builder(String serverVersion) {
      this.serverVersion = serverVersion;
    }

    public Builder get(String template, ApiHandler handler) {
      return route("GET", template, handler);
    }

    public Builder head(String template, ApiHandler handler) {
      return route("HEAD", template, handler);
    }

    public Builder post(String template, ApiHandler handler) {
      return route("POST", template, handler);
    }

    public Builder put(String template, ApiHandler handler) {
      return route("PUT", template, handler);
    }

    public Builder delete(String template, ApiHandler handler) {
      return route("DELETE", template, handler);
    }

    public Builder route(String method, String template, ApiHandler handler) {
      routes.add(Route.of(method, template, handler));
      return this;
    }

    /** Registers every route of {@code group}. */
    public Builder add(RouteGroup group) {
      group.register(this);
      return this;
    }

    public Router build() {
      return new Router(routes, serverVersion);
    }
  }
}
