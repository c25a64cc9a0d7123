package io.berth.daemon;

import io.berth.api.ApiServer;
import io.berth.api.ApiVersion;
import io.berth.api.EngineInfo;
import io.berth.api.EventRoutes;
import io.berth.api.ImageRoutes;
import io.berth.api.Router;
import io.berth.api.SystemRoutes;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The composition root: the one place that picks implementations and wires them, starts the API on
 * its sockets, and tears it all down again. Started once, closed once; thread-safe close.
 */
public final class Daemon implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

  private final DaemonConfig config;
  private final RootLock lock;
  private final EventBus events;
  private final ApiServer api;
  private final Stores stores;
  private boolean closed;

  private Daemon(
      DaemonConfig config, RootLock lock, EventBus events, ApiServer api, Stores stores) {
    this.config = config;
    this.lock = lock;
    this.events = events;
    this.api = api;
    this.stores = stores;
  }

  /** Takes the root, wires the engine and serves the API on every configured socket. */
  public static Daemon start(DaemonConfig config) throws IOException {
    Files.createDirectories(config.root());
    RootLock lock = RootLock.acquire(config.root());
    List<ServerSocketChannel> listeners = new ArrayList<>();
    Stores stores = null;
    try {
      Files.writeString(pidFile(config), ProcessHandle.current().pid() + "\n");
      EngineInfo.Host host = HostInfo.read();
      logSettings(config, host);

      // Stores and services: the content store, snapshotter, metadata database, image and
      // container services are built here, in dependency order, once they exist.
      EventBus events = new EventBus();
      stores = Stores.open(config.root(), events, Clock.systemUTC());
      Stores opened = stores;
      // TODO(#3): container counts for /info come with the container service.
      DaemonSystemService system =
          new DaemonSystemService(
              config,
              engineId(config.root()),
              host,
              () -> new EngineInfo.Counts(0, 0, 0, 0, opened.imageCount()),
              Clock.systemUTC());

      // The API: one route group per family of endpoints.
      Router router =
          Router.builder(BuildInfo.version())
              .add(new SystemRoutes(system))
              .add(new EventRoutes(events, Clock.systemUTC()))
              .add(new ImageRoutes(stores.images(), Clock.systemUTC()))
              .build();
      for (Path socket : config.sockets()) {
        listeners.add(DaemonSocket.bind(socket, config.group()));
      }
      ApiServer api = ApiServer.start(router, listeners);
      for (Path socket : config.sockets()) {
        LOG.log(Level.INFO, "daemon ready socket=unix://{0}", socket);
      }
      return new Daemon(config, lock, events, api, stores);
    } catch (IOException | RuntimeException e) {
      for (ServerSocketChannel listener : listeners) {
        listener.close();
      }
      if (stores != null) {
        stores.close();
      }
      lock.close();
      throw e;
    }
  }

  public DaemonConfig config() {
    return config;
  }

  /** The stores under the root and the image service, for the other services' wiring. */
  public Stores stores() {
    return stores;
  }

  /** Where the services publish engine events, and {@code /events} reads them. */
  public EventBus events() {
    return events;
  }

  /** Stops listening, ends event streams, removes the sockets and releases the root. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    LOG.log(Level.INFO, "daemon shutting down root={0}", config.root());
    events.closeAll();
    api.close();
    // TODO(#3): stop the container service here (containers stopped or left to the supervisor).
    stores.close();
    config.sockets().forEach(DaemonSocket::remove);
    Files.deleteIfExists(pidFile(config));
    lock.close();
    LOG.log(Level.INFO, "daemon stopped");
  }

  static Path pidFile(DaemonConfig config) {
    return config.root().resolve("berth.pid");
  }

  private static void logSettings(DaemonConfig config, EngineInfo.Host host) {
    LOG.log(
        Level.INFO,
        "starting berth daemon version={0} root={1} sockets={2} runtime={3} exec-root={4}"
            + " cgroup-version={5} api-version={6} min-api-version={7} group={8} pid={9}",
        BuildInfo.version(),
        config.root(),
        config.sockets(),
        config.runtime(),
        config.execRoot(),
        host.cgroupVersion(),
        ApiVersion.MAX,
        ApiVersion.MIN,
        config.group(),
        Long.toString(ProcessHandle.current().pid()));
  }

  /** The engine's ID, made once per root and kept in {@code <root>/engine-id}. */
  private static String engineId(Path root) throws IOException {
    Path file = root.resolve("engine-id");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    String id = UUID.randomUUID().toString();
    Path temp = root.resolve("engine-id.tmp");
    Files.writeString(temp, id + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }
}
