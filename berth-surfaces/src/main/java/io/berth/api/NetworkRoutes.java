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

/**
 * {@code docker network}'s endpoints: create, list, inspect, remove, prune, and connecting and
 * disconnecting containers.
 */
public final class NetworkRoutes implements RouteGroup {

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
    ApiRequest.Filters filters = r.filters();
    List<Object> out = new ArrayList<>();
    for (Network n : networks.list()) {
      if (accepts(filters, n)) {
        out.add(NetworkWire.network(n, Optional.of(networks.members(n.id()))));
      }
    }
    r.json(200, out);
  }

  private boolean accepts(ApiRequest.Filters f, Network n) {
    for (String key : f.values().keySet()) {
      if (!List.of("dangling", "driver", "id", "label", "name", "scope", "type").contains(key)) {
        throw BerthException.invalid("invalid filter '%s'", key);
      }
    }
    return f.accepts("driver", n.driver())
        && f.accepts("scope", "local")
        && f.accepts("type", n.predefined() ? "builtin" : "custom")
        && (f.get("id").isEmpty() || f.get("id").stream().anyMatch(n.id()::startsWith))
        && (f.get("name").isEmpty() || f.get("name").stream().anyMatch(n.name()::contains))
        && f.get("label").stream().allMatch(l -> label(n.labels(), l))
        && (f.get("dangling").isEmpty() || dangling(f.get("dangling")) == unused(n));
  }

  private static boolean dangling(List<String> values) {
    String v = values.getFirst();
    if (!List.of("true", "1", "false", "0").contains(v)) {
      throw BerthException.invalid("invalid filter 'dangling=%s'", v);
    }
    return v.equals("true") || v.equals("1");
  }

  private boolean unused(Network n) {
    return !n.predefined() && networks.members(n.id()).isEmpty();
  }

  static boolean label(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    return eq < 0
        ? labels.containsKey(filter)
        : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
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
    ApiRequest.Filters f = r.filters();
    Optional<Instant> until =
        f.get("until").stream().findFirst().map(v -> ImageFilters.until(v, clock));
    List<String> deleted = new ArrayList<>();
    for (Network n : networks.list()) {
      boolean labelled =
          f.get("label").stream().allMatch(l -> label(n.labels(), l))
              && f.get("label!").stream().noneMatch(l -> label(n.labels(), l));
      if (!unused(n) || !labelled || until.map(t -> !n.created().isBefore(t)).orElse(false)) {
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
