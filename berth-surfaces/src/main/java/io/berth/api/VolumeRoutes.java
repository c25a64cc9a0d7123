package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.ContainerService;
import io.berth.container.Volume;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** {@code docker volume}'s endpoints: create, list, inspect, remove, prune. */
public final class VolumeRoutes implements RouteGroup {

  private static final Set<String> LIST = Set.of("dangling", "driver", "label", "name");
  private static final Set<String> PRUNE = Set.of("all", "label", "label!");

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
    Filters filters = r.filters().validate(LIST);
    Optional<Boolean> dangling = filters.bool("dangling");
    Set<String> used = dangling.isPresent() ? usedVolumes() : Set.of();
    List<Object> out =
        containers.volumes().stream()
            .filter(v -> filters.matches("name", v.name()))
            .filter(v -> filters.accepts("driver", v.driver()))
            .filter(v -> filters.labelsHold("label", v.labels()))
            .filter(v -> dangling.map(d -> d != used.contains(v.name())).orElse(true))
            .map(v -> (Object) ContainerWire.volume(v))
            .toList();
    r.json(200, Map.of("Volumes", out, "Warnings", List.of()));
  }

  /** The names of the volumes a container (running or not) mounts. */
  private Set<String> usedVolumes() {
    Set<String> used = new HashSet<>();
    containers.list(true).forEach(c -> c.mounts().forEach(m -> used.add(m.name())));
    return used;
  }

  private void inspect(ApiRequest r) throws IOException {
    r.json(200, ContainerWire.volume(containers.volume(r.path("name"))));
  }

  private void remove(ApiRequest r) throws IOException {
    containers.removeVolume(r.path("name"), r.queryFlag("force"));
    r.noContent();
  }

  private void prune(ApiRequest r) throws IOException {
    Predicate<Volume> which = pruned(r.filters(), r.version());
    Map<String, Long> sizes = new java.util.HashMap<>();
    containers
        .volumes()
        .forEach(v -> sizes.put(v.name(), SystemDataRoutes.directorySize(v.mountpoint())));
    List<String> deleted = containers.pruneVolumes(which);
    long reclaimed = deleted.stream().mapToLong(n -> Math.max(0, sizes.getOrDefault(n, 0L))).sum();
    r.json(200, Map.of("VolumesDeleted", deleted, "SpaceReclaimed", reclaimed));
  }

  /**
   * Which unused volumes {@code POST /volumes/prune} removes: the anonymous ones, or all with the
   * {@code all} filter (always before API 1.42, as Docker), whose labels match {@code label} and
   * not {@code label!}.
   */
  static Predicate<Volume> pruned(Filters filters, ApiVersion version) {
    filters.validate(PRUNE);
    boolean all = filters.single("all").map(VolumeRoutes::parseBool).orElse(false);
    boolean everyVolume = all || version.isBefore(new ApiVersion(1, 42));
    return v -> (everyVolume || v.anonymous()) && filters.labels(v.labels());
  }

  /** Go's {@code strconv.ParseBool}, which Docker reads the {@code all} filter with. */
  private static boolean parseBool(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw BerthException.invalid("invalid filter 'all=%s': not a boolean", value);
    };
  }
}
