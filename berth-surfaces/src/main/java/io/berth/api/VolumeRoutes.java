package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.ContainerService;
import io.berth.container.Volume;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code docker volume}'s endpoints: create, list, inspect, remove, prune. */
public final class VolumeRoutes implements RouteGroup {

  private final ContainerService containers;

  public VolumeRoutes(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .post("/volumes/create", this::create)
        .get("/volumes", this::list)
        .post("/volumes/prune", this::prune)
        .get("/volumes/{name}", this::inspect)
        .delete("/volumes/{name}", this::remove);
  }

  private void create(ApiRequest r) throws IOException {
    JsonNode body = r.readJson(JsonNode.class);
    String driver = body.path("Driver").asText("local");
    if (!driver.isEmpty() && !driver.equals("local")) {
      throw BerthException.notImplemented("the volume driver " + driver + " (only local)");
    }
    if (!body.path("DriverOpts").isEmpty()) {
      throw BerthException.notImplemented("volume driver options (-o)");
    }
    String name = body.path("Name").asText("");
    Volume v =
        containers.createVolume(
            name.isEmpty() ? Optional.empty() : Optional.of(name),
            ContainerRequests.map(body.path("Labels")));
    r.json(201, ContainerWire.volume(v));
  }

  private void list(ApiRequest r) throws IOException {
    ApiRequest.Filters filters = r.filters();
    List<Object> out =
        containers.volumes().stream()
            .filter(
                v ->
                    filters.get("name").isEmpty()
                        || filters.get("name").stream().anyMatch(n -> v.name().contains(n)))
            .filter(
                v ->
                    filters.get("dangling").isEmpty()
                        || filters.get("dangling").contains("true")
                            == containers.list(true).stream()
                                .noneMatch(
                                    c ->
                                        c.mounts().stream()
                                            .anyMatch(m -> m.name().equals(v.name()))))
            .map(v -> (Object) ContainerWire.volume(v))
            .toList();
    r.json(200, Map.of("Volumes", out, "Warnings", List.of()));
  }

  private void inspect(ApiRequest r) throws IOException {
    r.json(200, ContainerWire.volume(containers.volume(r.path("name"))));
  }

  private void remove(ApiRequest r) throws IOException {
    containers.removeVolume(r.path("name"), r.queryFlag("force"));
    r.noContent();
  }

  private void prune(ApiRequest r) throws IOException {
    boolean all = r.filters().get("all").stream().anyMatch(v -> v.equals("true") || v.equals("1"));
    Map<String, Long> sizes = new java.util.HashMap<>();
    containers
        .volumes()
        .forEach(v -> sizes.put(v.name(), SystemDataRoutes.directorySize(v.mountpoint())));
    List<String> deleted = containers.pruneVolumes(all);
    long reclaimed = deleted.stream().mapToLong(n -> Math.max(0, sizes.getOrDefault(n, 0L))).sum();
    r.json(200, Map.of("VolumesDeleted", deleted, "SpaceReclaimed", reclaimed));
  }
}
