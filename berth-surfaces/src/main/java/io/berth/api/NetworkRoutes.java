package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.ContainerService;
import io.berth.errors.BerthException;
import io.berth.network.Network;
import io.berth.network.NetworkCreateRequest;
import io.berth.network.NetworkService;
import io.berth.network.Subnet;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker network}'s endpoints: create, list, inspect, remove, prune, and connecting and
 * disconnecting containers.
 */
public final class NetworkRoutes implements RouteGroup {

  private static final Set<String> LIST =
      Set.of("dangling", "driver", "id", "label", "name", "scope", "type");
  private static final Set<String> PRUNE = Set.of("label", "label!", "until");

  private final NetworkService networks;
  private final ContainerService containers;
  private final Clock clock;

  public NetworkRoutes(NetworkService networks, ContainerService containers, Clock clock) {
    this.networks = networks;
    this.containers = containers;
    this.clock = clock;
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .post("/networks/create", this::create)
        .get("/networks", this::list)
        .post("/networks/prune", this::prune)
        .get("/networks/{id}", this::inspect)
        .delete("/networks/{id}", this::remove)
        .post("/networks/{id}/connect", this::connect)
        .post("/networks/{id}/disconnect", this::disconnect);
  }

  private void create(ApiRequest r) throws IOException {
    JsonNode body = r.readJson(JsonNode.class);
    String name = body.path("Name").asText("");
    if (name.isEmpty()) {
      throw BerthException.invalid("network name is required: no name was given");
    }
    if (body.path("EnableIPv6").asBoolean(false)) {
      throw BerthException.notImplemented("IPv6 networks (--ipv6)");
    }
    JsonNode ipam = body.path("IPAM");
    String ipamDriver = ipam.path("Driver").asText("default");
    if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
      throw BerthException.notImplemented("the IPAM driver " + ipamDriver + " (only default)");
    }
    JsonNode config = ipam.path("Config");
    if (config.size() > 1) {
      throw BerthException.notImplemented("several subnets in one network");
    }
    JsonNode pool = config.path(0);
    if (!pool.path("AuxiliaryAddresses").isEmpty()) {
      throw BerthException.notImplemented("auxiliary addresses (--aux-address)");
    }
    Network n =
        networks.create(
            new NetworkCreateRequest(
                name,
                body.path("Driver").asText("bridge"),
                optional(pool, "Subnet").map(Subnet::parse),
                optional(pool, "Gateway"),
                optional(pool, "IPRange").map(Subnet::parse),
                body.path("Internal").asBoolean(false),
                ContainerRequests.map(body.path("Labels")),
                ContainerRequests.map(body.path("Options"))));
    r.json(201, Map.of("Id", n.id(), "Warning", ""));
  }

  private static Optional<String> optional(JsonNode node, String field) {
    String v = ContainerRequests.text(node, field);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private void list(ApiRequest r) throws IOException {
    Filters filters = r.filters().validate(LIST);
    Optional<Boolean> dangling = dangling(filters);
    filters.get("type").forEach(NetworkRoutes::checkType);
    List<Object> out = new ArrayList<>();
    for (Network n : networks.list()) {
      if (accepts(filters, n) && dangling.map(d -> d == unused(n)).orElse(true)) {
        out.add(NetworkWire.network(n, Optional.of(networks.members(n.id()))));
      }
    }
    r.json(200, out);
  }

  /** Docker's network filters: driver and scope exact, name and ID as regular expressions. */
  private static boolean accepts(Filters f, Network n) {
    return f.accepts("driver", n.driver())
        && f.accepts("scope", "local")
        && f.matches("name", n.name())
        && f.matches("id", n.id())
        && f.labelsHold("label", n.labels())
        && (f.get("type").isEmpty() || f.accepts("type", n.predefined() ? "builtin" : "custom"));
  }

  private static Optional<Boolean> dangling(Filters f) {
    List<String> values = f.get("dangling");
    if (values.size() > 1) {
      throw BerthException.invalid("got more than one value for filter key \"dangling\"");
    }
    return values.stream()
        .findFirst()
        .map(
            v ->
                switch (v) {
                  case "true", "1" -> true;
                  case "false", "0" -> false;
                  default ->
                      throw BerthException.invalid(
                          "invalid value for filter 'dangling', must be \"true\" (or \"1\"),"
                              + " or \"false\" (or \"0\")");
                });
  }

  private static void checkType(String type) {
    if (!type.equals("builtin") && !type.equals("custom")) {
      throw BerthException.invalid("invalid filter: 'type'='%s'", type);
    }
  }

  private boolean unused(Network n) {
    return !n.predefined() && networks.members(n.id()).isEmpty();
  }

  private void inspect(ApiRequest r) throws IOException {
    Network n = networks.network(r.path("id"));
    r.json(200, NetworkWire.network(n, Optional.of(networks.members(n.id()))));
  }

  private void remove(ApiRequest r) throws IOException {
    networks.remove(r.path("id"));
    r.noContent();
  }

  private void prune(ApiRequest r) throws IOException {
    Filters f = r.filters().validate(PRUNE);
    Optional<Instant> until = f.until(clock);
    List<String> deleted = new ArrayList<>();
    for (Network n : networks.list()) {
      boolean old = until.map(t -> !n.created().isAfter(t)).orElse(true);
      if (!unused(n) || !f.labels(n.labels()) || !old) {
        continue;
      }
      try {
        networks.remove(n.id());
        deleted.add(n.name());
      } catch (BerthException e) {
        // A container joined it meanwhile; prune leaves it.
      }
    }
    r.json(200, Map.of("NetworksDeleted", deleted));
  }

  private void connect(ApiRequest r) throws IOException {
    JsonNode body = r.readJson(JsonNode.class);
    String container = ContainerRequests.text(body, "Container");
    if (container.isEmpty()) {
      throw BerthException.invalid("the container to connect is required: no Container given");
    }
    containers.connect(
        container, r.path("id"), ContainerRequests.endpoint(body.path("EndpointConfig")));
    r.json(200, Map.of());
  }

  private void disconnect(ApiRequest r) throws IOException {
    JsonNode body = r.readJson(JsonNode.class);
    String container = ContainerRequests.text(body, "Container");
    if (container.isEmpty()) {
      throw BerthException.invalid("the container to disconnect is required: no Container given");
    }
    containers.disconnect(container, r.path("id"), body.path("Force").asBoolean(false));
    r.json(200, Map.of());
  }
}
