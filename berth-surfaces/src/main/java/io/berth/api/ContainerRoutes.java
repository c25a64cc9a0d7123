package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.http.Hijacked;
import io.berth.container.AttachOptions;
import io.berth.container.Attachment;
import io.berth.container.Container;
import io.berth.container.ContainerService;
import io.berth.container.CreateRequest;
import io.berth.container.DetachKeys;
import io.berth.container.HostConfig;
import io.berth.container.LogOptions;
import io.berth.container.OutputSink;
import io.berth.container.WaitCondition;
import io.berth.errors.BerthException;
import io.berth.image.DiskUsage;
import io.berth.image.ImageStore;
import io.berth.network.NetworkService;
import io.berth.runtime.ConsoleSize;
import io.berth.runtime.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Docker's container endpoints ({@code /containers/...}): create, list, inspect, start, stop, kill,
 * restart, wait, remove, attach, logs, top, stats, pause, rename, archive, prune.
 */
public final class ContainerRoutes implements RouteGroup {

  private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
  private static final String RAW = "application/vnd.docker.raw-stream";

  private final ContainerService containers;
  private final NetworkService networks;
  private final ImageStore images;
  private final Clock clock;

  public ContainerRoutes(
      ContainerService containers, NetworkService networks, ImageStore images, Clock clock) {
    this.containers = containers;
    this.networks = networks;
    this.images = images;
    this.clock = clock;
  }

  /** A network's ID from its name, empty when it is gone. */
  private String networkId(String name) {
    try {
      return networks.network(name).id();
    } catch (BerthException e) {
      return "";
    }
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .post("/containers/create", this::create)
        .get("/containers/json", this::list)
        .post("/containers/prune", this::prune)
        .get("/containers/{id}/json", this::inspect)
        .post("/containers/{id}/start", this::start)
        .post("/containers/{id}/stop", this::stop)
        .post("/containers/{id}/kill", this::kill)
        .post("/containers/{id}/restart", this::restart)
        .post("/containers/{id}/wait", this::await)
        .delete("/containers/{id}", this::remove)
        .post("/containers/{id}/attach", this::attach)
        .get("/containers/{id}/logs", this::logs)
        .get("/containers/{id}/top", this::top)
        .get("/containers/{id}/stats", this::stats)
        .post("/containers/{id}/pause", this::pause)
        .post("/containers/{id}/unpause", this::unpause)
        .post("/containers/{id}/rename", this::rename)
        .post("/containers/{id}/resize", this::resize)
        .get("/containers/{id}/archive", this::getArchive)
        .head("/containers/{id}/archive", this::headArchive)
        .put("/containers/{id}/archive", this::putArchive);
  }

  private void create(ApiRequest r) throws IOException {
    JsonNode body = r.readJson(JsonNode.class);
    CreateRequest request = ContainerRequests.create(body, r.query("name"), r.queryFlag("replace"));
    Container c = containers.create(request);
    List<String> warnings = new ArrayList<>();
    HostConfig asked = request.hostConfig();
    if ((asked.memory() > 0 || asked.resources().memorySwap() > 0)
        && c.hostConfig().resources().memorySwap() == -1
        && asked.resources().memorySwap() != -1) {
      warnings.add(
          "Your kernel does not support swap limit capabilities or the cgroup is not mounted."
              + " Memory limited without swap.");
    }
    if (c.hostConfig().networkMode().equals("host")
        && !c.hostConfig().networking().portBindings().isEmpty()) {
      warnings.add("Published ports are discarded when using host network mode");
    }
    r.json(201, Map.of("Id", c.id(), "Warnings", warnings));
  }

  private void list(ApiRequest r) throws IOException {
    Filters filters = r.filters();
    ContainerFilters accepted = ContainerFilters.list(filters, containers::inspect);
    boolean all = r.queryFlag("all") || !filters.get("status").isEmpty();
    List<Object> out = new ArrayList<>();
    // The writable layers are measured only when asked (ps -s), as walking them takes a while.
    Optional<DiskUsage> usage =
        r.queryFlag("size") ? Optional.of(images.diskUsage()) : Optional.empty();
    for (Container c : containers.list(all)) {
      if (accepted.accepts(c)) {
        String image =
            ContainerWire.listedImage(
                c.imageName(),
                c.imageId().toString(),
                images.find(c.imageName()).map(found -> found.id().toString()));
        Map<String, Object> row = ContainerWire.summary(c, clock, this::networkId, image);
        usage.ifPresent(u -> ContainerWire.putSizes(row, c, u));
        out.add(row);
      }
    }
    int limit = r.query("limit").map(Integer::parseInt).orElse(-1);
    r.json(200, limit > 0 && out.size() > limit ? out.subList(0, limit) : out);
  }

  private void inspect(ApiRequest r) throws IOException {
    r.json(200, ContainerWire.inspect(containers.inspect(r.path("id")), this::networkId));
  }

  private void start(ApiRequest r) throws IOException {
    if (containers.start(r.path("id"))) {
      r.noContent();
    } else {
      r.text(304, "");
    }
  }

  private void stop(ApiRequest r) throws IOException {
    if (containers.stop(r.path("id"), timeout(r), r.query("signal"))) {
      r.noContent();
    } else {
      r.text(304, "");
    }
  }

  private static Optional<Duration> timeout(ApiRequest r) {
    return r.query("t")
        .filter(t -> !t.isEmpty())
        .map(
            t -> {
              try {
                return Duration.ofSeconds(Long.parseLong(t));
              } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid value for t: %s is not a number", t);
              }
            });
  }

  private void kill(ApiRequest r) throws IOException {
    containers.kill(r.path("id"), r.query("signal"));
    r.noContent();
  }

  private void restart(ApiRequest r) throws IOException {
    containers.restart(r.path("id"), timeout(r), r.query("signal"));
    r.noContent();
  }

  /** The head goes out at once (the docker CLI waits for it before it starts the container). */
  private void await(ApiRequest r) throws IOException {
    WaitCondition condition = WaitCondition.parse(r.query("condition").orElse(""));
    var future = containers.await(r.path("id"), condition);
    try (OutputStream out = r.rawStream("application/json")) {
      out.flush();
      int code = future.join();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("StatusCode", code);
      body.put("Error", null);
      out.write(Json.MAPPER.writeValueAsBytes(body));
      out.write('\n');
    }
  }

  private void remove(ApiRequest r) throws IOException {
    if (r.queryFlag("link")) {
      throw BerthException.notImplemented("removing links (docker rm --link)");
    }
    containers.remove(r.path("id"), r.queryFlag("force"), r.queryFlag("v"));
    r.noContent();
  }

  private void attach(ApiRequest r) throws IOException {
    Container c = containers.inspect(r.path("id"));
    AttachOptions options =
        new AttachOptions(
            r.queryFlag("stdin"),
            r.queryFlag("stdout"),
            r.queryFlag("stderr"),
            r.queryFlag("logs"),
            r.queryFlag("stream"));
    DetachKeys keys = DetachKeys.parse(r.query("detachKeys").orElse(""));
    Hijacked h = r.hijack();
    OutputSink sink = sink(h.output(), c.config().tty());
    Attachment attachment = containers.attach(c.id(), options, sink);
    if (options.stdin()) {
      InputStream input = c.config().tty() ? keys.watch(h.input()) : h.input();
      // A platform thread: writing into the container's stdin pipe may block, and a blocked
      // virtual thread would hold its carrier.
      Thread.ofPlatform().daemon().start(() -> copyInput(input, attachment));
    }
    attachment.done().join();
    h.output().flush();
    h.output().close();
  }

  /** The client's input to the container, until it ends, or detaches with its keys (TTY only). */
  private static void copyInput(InputStream input, Attachment attachment) {
    try (OutputStream in = attachment.stdin()) {
      input.transferTo(in);
    } catch (DetachKeys.Detached e) {
      attachment.close();
    } catch (IOException e) {
      // The client closed its side or the container its stdin.
    }
  }

  /** {@code POST /containers/{id}/resize?h=&w=}: the size of the container's terminal. */
  private void resize(ApiRequest r) throws IOException {
    containers.resize(r.path("id"), size(r));
    r.text(200, "");
  }

  /** The {@code h} and {@code w} query parameters of a resize, both required. */
  static ConsoleSize size(ApiRequest r) {
    return new ConsoleSize(dimension(r, "h"), dimension(r, "w"));
  }

  private static int dimension(ApiRequest r, String name) {
    String value = r.query(name).orElse("");
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw BerthException.invalid(
          "invalid resize parameter %s: \"%s\" is not a number of character cells", name, value);
    }
  }

  /** Docker's framing: one header (stream, three zeros, big-endian length) per chunk. */
  static OutputSink sink(OutputStream out, boolean tty) {
    return (stream, bytes, offset, length) -> {
      synchronized (out) {
        if (!tty) {
          byte[] header = {
            (byte) stream.number(),
            0,
            0,
            0,
            (byte) (length >>> 24),
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length
          };
          out.write(header);
        }
        out.write(bytes, offset, length);
        out.flush();
      }
    };
  }

  private void logs(ApiRequest r) throws IOException {
    Container c = containers.inspect(r.path("id"));
    boolean stdout = r.queryFlag("stdout");
    boolean stderr = r.queryFlag("stderr");
    if (!stdout && !stderr) {
      throw BerthException.invalid("Bad parameters: you must choose at least one stream");
    }
    boolean timestamps = r.queryFlag("timestamps");
    LogOptions options =
        new LogOptions(
            stdout,
            stderr,
            r.query("since").filter(s -> !s.isEmpty() && !s.equals("0")).map(s -> time("since", s)),
            r.query("until").filter(s -> !s.isEmpty() && !s.equals("0")).map(s -> time("until", s)),
            r.query("tail")
                .filter(t -> !t.isEmpty() && !t.equals("all"))
                .map(Integer::parseInt)
                .orElse(-1),
            r.queryFlag("follow"));
    try (OutputStream out = r.rawStream(c.config().tty() ? RAW : MULTIPLEXED)) {
      out.flush();
      OutputSink sink = sink(out, c.config().tty());
      containers.logs(
          c.id(),
          options,
          e -> {
            byte[] bytes = e.bytes();
            if (timestamps) {
              byte[] stamp = (e.time().toString() + " ").getBytes(StandardCharsets.UTF_8);
              byte[] all = new byte[stamp.length + bytes.length];
              System.arraycopy(stamp, 0, all, 0, stamp.length);
              System.arraycopy(bytes, 0, all, stamp.length, bytes.length);
              bytes = all;
            }
            sink.write(e.stream(), bytes, 0, bytes.length);
          });
    }
  }

  private static Instant time(String name, String value) {
    return EventRoutes.timestamp(name, value);
  }

  private void top(ApiRequest r) throws IOException {
    List<List<String>> table = containers.top(r.path("id"));
    r.json(200, Map.of("Titles", table.getFirst(), "Processes", table.subList(1, table.size())));
  }

  private void stats(ApiRequest r) throws IOException {
    Container c = containers.inspect(r.path("id"));
    boolean stream = r.query("stream").map(v -> r.queryFlag("stream")).orElse(true);
    if (!stream) {
      r.json(200, statsBody(c, Optional.empty()));
      return;
    }
    try (JsonStream out = r.stream()) {
      Optional<Stats> previous = Optional.empty();
      while (containers.inspect(c.id()).state().status().isActive()) {
        Map<String, Object> body = statsBody(c, previous);
        out.send(body);
        previous = Optional.of(containers.stats(c.id()));
        Thread.sleep(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | BerthException e) {
      // The client stopped reading, or the container stopped.
    }
  }

  private Map<String, Object> statsBody(Container c, Optional<Stats> previous) {
    Container now = containers.inspect(c.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "/" + now.name());
    m.put("id", now.id());
    m.put("read", clock.instant().toString());
    m.put("preread", "0001-01-01T00:00:00Z");
    int cpus = Runtime.getRuntime().availableProcessors();
    long system = SystemCpu.nanos();
    if (!now.state().status().isActive()) {
      m.put("pids_stats", Map.of());
      m.put("memory_stats", Map.of());
      m.put("cpu_stats", Map.of("online_cpus", cpus, "cpu_usage", Map.of("total_usage", 0)));
      m.put("precpu_stats", Map.of("cpu_usage", Map.of("total_usage", 0)));
      return m;
    }
    Stats s = containers.stats(c.id());
    m.put("pids_stats", Map.of("current", s.pids()));
    m.put(
        "memory_stats",
        Map.of("usage", s.memoryUsage(), "limit", s.memoryLimit(), "stats", Map.of()));
    m.put(
        "cpu_stats",
        Map.of(
            "cpu_usage", Map.of("total_usage", s.cpuUsageNanos()),
            "system_cpu_usage", system,
            "online_cpus", cpus));
    m.put(
        "precpu_stats",
        Map.of(
            "cpu_usage",
            Map.of("total_usage", previous.map(Stats::cpuUsageNanos).orElse(0L)),
            "system_cpu_usage",
            previous.isPresent() ? system - 1_000_000_000L * cpus : 0L,
            "online_cpus",
            cpus));
    m.put("networks", Map.of());
    m.put("blkio_stats", Map.of());
    return m;
  }

  /** The host's memory, which an unlimited container's limit shows as, as in Docker. */
  private static long hostMemory() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Long.MAX_VALUE;
  }

  private void pause(ApiRequest r) throws IOException {
    containers.pause(r.path("id"));
    r.noContent();
  }

  private void unpause(ApiRequest r) throws IOException {
    containers.unpause(r.path("id"));
    r.noContent();
  }

  private void rename(ApiRequest r) throws IOException {
    String name =
        r.query("name")
            .filter(n -> !n.isEmpty())
            .orElseThrow(() -> BerthException.invalid("Neither old nor new names may be empty"));
    containers.rename(r.path("id"), name);
    r.noContent();
  }

  private void prune(ApiRequest r) throws IOException {
    Predicate<Container> which = ContainerFilters.prune(r.filters(), clock);
    // The space reclaimed is the removed containers' writable layers, measured before removal.
    Map<String, Long> sizes = images.diskUsage().containerSizes();
    List<String> removed = containers.prune(which);
    long reclaimed = removed.stream().mapToLong(id -> sizes.getOrDefault(id, 0L)).sum();
    r.json(200, Map.of("ContainersDeleted", removed, "SpaceReclaimed", reclaimed));
  }

  private void headArchive(ApiRequest r) throws IOException {
    ContainerService.PathStat stat = containers.statPath(r.path("id"), path(r));
    r.responseHeader("X-Docker-Container-Path-Stat", statHeader(stat));
    r.text(200, "");
  }

  private void getArchive(ApiRequest r) throws IOException {
    String id = r.path("id");
    String path = path(r);
    ContainerService.PathStat stat = containers.statPath(id, path);
    r.responseHeader("X-Docker-Container-Path-Stat", statHeader(stat));
    try (OutputStream out = r.rawStream("application/x-tar")) {
      containers.archive(id, path, out);
    }
  }

  private void putArchive(ApiRequest r) throws IOException {
    InputStream in = r.body();
    containers.extract(r.path("id"), path(r), in);
    r.text(200, "");
  }

  private static String path(ApiRequest r) {
    return r.query("path")
        .filter(p -> !p.isEmpty())
        .orElseThrow(() -> BerthException.invalid("path is required: no path was given"));
  }

  private static String statHeader(ContainerService.PathStat s) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("size", s.size());
    m.put("mode", Integer.toUnsignedLong(s.mode()));
    m.put("mtime", s.mtime().toString());
    m.put("linkTarget", s.linkTarget());
    return Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(m));
  }

  /** The host's total CPU time from {@code /proc/stat}, in nanoseconds, for CPU percentages. */
  static final class SystemCpu {
    private SystemCpu() {}

    static long nanos() {
      try {
        String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
        long ticks = 0;
        for (String f : line.substring(4).trim().split("\\s+")) {
          ticks += Long.parseLong(f);
        }
        return ticks * 10_000_000L;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
