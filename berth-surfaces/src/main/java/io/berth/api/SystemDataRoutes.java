package io.berth.api;

import io.berth.api.wire.DiskUsageResponse;
import io.berth.api.wire.ImageSummary;
import io.berth.container.Container;
import io.berth.container.ContainerService;
import io.berth.container.Volume;
import io.berth.errors.BerthException;
import io.berth.image.BuildCacheEntry;
import io.berth.image.BuildCachePruneOptions;
import io.berth.image.BuildCachePruneResult;
import io.berth.image.DiskUsage;
import io.berth.image.Image;
import io.berth.image.ImageTools;
import io.berth.oci.ChainId;
import io.berth.oci.DiffId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What spans the image store and the containers: {@code GET /system/df} and {@code POST
 * /build/prune} (the build cache half of {@code docker system prune} and {@code docker builder
 * prune}); {@code POST /networks/prune} is {@link NetworkRoutes}'.
 */
public final class SystemDataRoutes implements RouteGroup {
  private final ImageTools images;
  private final ContainerService containers;
  private final Clock clock;

  public SystemDataRoutes(ImageTools images, ContainerService containers, Clock clock) {
    this.images = images;
    this.containers = containers;
    this.clock = clock;
  }

  @Override
  public void register(Router.Builder routes) {
    routes.get("/system/df", this::diskUsage).post("/build/prune", this::pruneBuildCache);
  }

  private void diskUsage(ApiRequest request) throws IOException {
    DiskUsage usage = images.store().diskUsage();
    List<ImageSummary> summaries = imageRows(usage);
    List<Container> all = containers.list(true);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Container c : all) {
      Map<String, Object> row = ContainerWire.summary(c, clock);
      ContainerWire.putSizes(row, c, usage);
      rows.add(row);
    }
    List<Map<String, Object>> volumes = new ArrayList<>();
    for (Volume v : containers.volumes()) {
      Map<String, Object> row = new LinkedHashMap<>(ContainerWire.volume(v));
      long links =
          all.stream()
              .filter(c -> c.mounts().stream().anyMatch(m -> v.name().equals(m.name())))
              .count();
      row.put("UsageData", Map.of("Size", directorySize(v.mountpoint()), "RefCount", links));
      volumes.add(row);
    }
    List<Map<String, Object>> cache = usage.buildCache().stream().map(this::cacheRow).toList();
    request.json(200, new DiskUsageResponse(layersSize(usage), summaries, rows, volumes, cache));
  }

  /** Docker's df image rows: each with the bytes of the layers it shares with another image. */
  private List<ImageSummary> imageRows(DiskUsage usage) {
    Map<String, Integer> users = new java.util.HashMap<>();
    for (DiskUsage.ImageUsage u : usage.images()) {
      chains(u.image()).forEach(c -> users.merge(c, 1, Integer::sum));
    }
    List<ImageSummary> rows = new ArrayList<>();
    for (DiskUsage.ImageUsage u : usage.images()) {
      Image image = u.image();
      List<String> chains = chains(image);
      long shared = 0;
      for (int i = 0; i < chains.size(); i++) {
        if (users.get(chains.get(i)) > 1) {
          shared +=
              images
                  .store()
                  .layerSize(
                      image.config().rootfs().diffIds().get(i), image.manifest().layers().get(i));
        }
      }
      ImageSummary s = ImageWire.summary(image, u.containers());
      rows.add(
          new ImageSummary(
              s.id(),
              s.parentId(),
              s.repoTags(),
              s.repoDigests(),
              s.created(),
              s.size(),
              shared,
              s.labels(),
              s.containers()));
    }
    return rows;
  }

  /** The content bytes of every distinct layer of the images, as Docker's layer store counts. */
  private long layersSize(DiskUsage usage) {
    Map<DiffId, Long> sizes = new LinkedHashMap<>();
    for (DiskUsage.ImageUsage u : usage.images()) {
      Image image = u.image();
      List<DiffId> diffIds = image.config().rootfs().diffIds();
      for (int i = 0; i < diffIds.size(); i++) {
        int layer = i;
        sizes.computeIfAbsent(
            diffIds.get(i), d -> images.store().layerSize(d, image.manifest().layers().get(layer)));
      }
    }
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  private static List<String> chains(Image image) {
    List<String> chains = new ArrayList<>();
    Optional<ChainId> chain = Optional.empty();
    for (DiffId d : image.config().rootfs().diffIds()) {
      ChainId next = chain.map(c -> c.child(d)).orElseGet(() -> ChainId.of(List.of(d)));
      chains.add(next.toString());
      chain = Optional.of(next);
    }
    return chains;
  }

  private Map<String, Object> cacheRow(BuildCacheEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", e.id());
    m.put("Parents", null);
    m.put("Type", "regular");
    m.put("Description", BuildCacheFilters.description(e));
    m.put("InUse", false);
    m.put("Shared", e.shared());
    m.put("Size", e.size());
    m.put("CreatedAt", e.created().toString());
    m.put("LastUsedAt", e.lastUsed().toString());
    m.put("UsageCount", 1);
    return m;
  }

  private void pruneBuildCache(ApiRequest request) throws IOException {
    BuildCachePruneOptions options =
        BuildCacheFilters.prune(request.filters(), request.queryFlag("all"), clock);
    for (String limit : BuildCacheFilters.SPACE_LIMITS) {
      if (request.query(limit).filter(v -> !v.isEmpty() && !v.equals("0")).isPresent()) {
        // TODO(#4): keep the most recently used records within a size instead of refusing.
        throw BerthException.notImplemented("build cache prune with a space limit (" + limit + ")");
      }
    }
    BuildCachePruneResult result = images.store().pruneBuildCache(options);
    images.store().collectGarbage();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("CachesDeleted", result.deleted());
    body.put("SpaceReclaimed", result.spaceReclaimed());
    request.json(200, body);
  }

  /** The bytes of the regular files under {@code top}; -1 when it cannot be read. */
  static long directorySize(Path top) {
    if (!Files.isDirectory(top)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(top)) {
      return files
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // deleted while walking
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }
}
