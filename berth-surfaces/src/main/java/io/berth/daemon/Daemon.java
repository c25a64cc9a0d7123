package io.berth.daemon;

import io.berth.api.ApiServer;
import io.berth.api.ApiVersion;
import io.berth.api.BuildRoutes;
import io.berth.api.ContainerRoutes;
import io.berth.api.EngineInfo;
import io.berth.api.EventRoutes;
import io.berth.api.ExecRoutes;
import io.berth.api.ImageRoutes;
import io.berth.api.NetworkRoutes;
import io.berth.api.Router;
import io.berth.api.SystemDataRoutes;
import io.berth.api.SystemRoutes;
import io.berth.api.VolumeRoutes;
import io.berth.build.BuildService;
import io.berth.container.ContainerService;
import io.berth.network.NetworkService;
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
  private final ContainerService containers;
  private final NetworkService networks;
  private boolean closed;

  private Daemon(
      DaemonConfig config,
      RootLock lock,
      EventBus events,
      ApiServer api,
      Stores stores,
      ContainerService containers,
      NetworkService networks) {
    this.config = config;
    this.networks = networks;
    this.lock = lock;
    this.events = events;
    this.api = api;
    this.stores = stores;
    this.containers = containers;
  }

  /** Takes the root, wires the engine and serves the API on every configured socket. */
  public static Daemon start(DaemonConfig config) throws IOException {
    Files.createDirectories(config.root());
    RootLock lock = RootLock.acquire(config.root());
    List<ServerSocketChannel> listeners = new ArrayList<>();
    Stores stores = null;
    ContainerService containers = null;
    NetworkService networks = null;
    try {
      Files.writeString(pidFile(config), ProcessHandle.current().pid() + "\n");
      EngineInfo.Host host = HostInfo.read();
      logSettings(config, host);

      // Stores and services: the content store, snapshotter, metadata database, image and
      // container services are built here, in dependency order, once they exist.
      EventBus events = new EventBus();
      stores = Stores.open(config.root(), events, Clock.systemUTC());
      Stores opened = stores;
      networks = NetworkWiring.open(config, events, Clock.systemUTC());
      containers = ContainerWiring.open(config, stores, events, Clock.systemUTC(), networks);
      ContainerService service = containers;
      DaemonSystemService system =
          new DaemonSystemService(
              config,
              engineId(config.root()),
              host,
              () -> {
                int[] c = service.counts();
                return new EngineInfo.Counts(c[0], c[1], c[2], c[3], opened.imageCount());
              },
              Clock.systemUTC());

      BuildService builds = BuildWiring.builds(config, stores);

      // The API: one route group per family of endpoints.
      Router router =
          Router.builder(BuildInfo.version())
              .add(new SystemRoutes(system))
              .add(new EventRoutes(events, Clock.systemUTC()))
              .add(new ImageRoutes(stores.images(), Clock.systemUTC()))
              .add(
                  new ContainerRoutes(
                      containers, networks, stores.images().store(), Clock.systemUTC()))
              .add(new NetworkRoutes(networks, containers, Clock.systemUTC()))
              .add(new ExecRoutes(containers))
              .add(new VolumeRoutes(containers))
              .add(new SystemDataRoutes(stores.images(), containers, Clock.systemUTC()))
              .add(new BuildRoutes(builds, config.root()))
              .build();
      for (Path socket : config.sockets()) {
        listeners.add(DaemonSocket.bind(socket, config.group()));
      }
      ApiServer api = ApiServer.start(router, listeners);
      for (Path socket : config.sockets()) {
        LOG.log(Level.INFO, "daemon ready socket=unix://{0}", socket);
      }
      return new Daemon(config, lock, events, api, stores, containers, networks);
    } catch (IOException | RuntimeException e) {
      for (ServerSocketChannel listener : listeners) {
        listener.close();
      }
      if (containers != null) {
        containers.close();
      }
      if (networks != null) {
        networks.close();
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

  /** The container service, for the build service's wiring and for tests. */
  public ContainerService containers() {
    return containers;
  }

  /** The network service, for tests. */
  public NetworkService networks() {
    return networks;
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
    containers.close();
    networks.close();
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
