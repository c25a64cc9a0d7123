package io.berth.container.local;

import io.berth.container.AttachOptions;
import io.berth.container.Attachment;
import io.berth.container.Container;
import io.berth.container.ContainerEvents;
import io.berth.container.ContainerService;
import io.berth.container.ContainerState;
import io.berth.container.ContainerState.Status;
import io.berth.container.CreateRequest;
import io.berth.container.ExecConfig;
import io.berth.container.ExecInfo;
import io.berth.container.Health;
import io.berth.container.HostConfig;
import io.berth.container.HostNetworking;
import io.berth.container.LogEntry;
import io.berth.container.LogOptions;
import io.berth.container.OutputSink;
import io.berth.container.StdStream;
import io.berth.container.Volume;
import io.berth.container.WaitCondition;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.image.ImageService;
import io.berth.metadata.MetadataStore;
import io.berth.mount.MountManager;
import io.berth.network.EndpointConfig;
import io.berth.network.Network;
import io.berth.network.NetworkMode;
import io.berth.network.NetworkService;
import io.berth.network.Sandbox;
import io.berth.network.SandboxRequest;
import io.berth.runtime.ConsoleSize;
import io.berth.runtime.ContainerStartException;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.Stats;
import io.berth.runtime.Stdio;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@link ContainerService} on this host: each container is a directory under {@code
 * <root>/containers/<id>} holding its runc bundle, over an active overlay snapshot {@code
 * container-<id>} of its image, and a record in the metadata store; a virtual thread per stream
 * pumps a running container's output into its json-file log and to attached clients, and one per
 * run waits for its exit to record it and apply the restart policy.
 */
public final class LocalContainerService implements ContainerService {

  static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration BACKOFF_RESET = Duration.ofSeconds(10);

  /** Docker's exit code for a container whose end the engine did not see. */
  static final int UNKNOWN_EXIT = 255;

  private final LocalSettings settings;
  private final MetadataStore metadata;
  private final Snapshotter snapshotter;
  private final ImageService images;
  private final OciRuntime runtime;
  private final ContainerEvents events;
  private final Clock clock;
  private final Bundles bundles;
  private final LocalVolumes volumes;
  private final Creator creator;
  private final Execs execs;
  private final HealthChecks health;
  private final NetworkService networks;
  private final Map<String, Supervised> containers = new ConcurrentHashMap<>();
  private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("berth-timer").factory());
  private volatile boolean closing;

  public LocalContainerService(
      LocalSettings settings,
      MetadataStore metadata,
      Snapshotter snapshotter,
      ImageService images,
      OciRuntime runtime,
      ContainerEvents events,
      Clock clock,
      NetworkService networks) {
    this.settings = settings;
    this.networks = networks;
    this.metadata = metadata;
    this.snapshotter = snapshotter;
    this.images = images;
    this.runtime = runtime;
    this.events = events;
    this.clock = clock;
    this.bundles =
        new Bundles(settings.cgroupDriver(), settings.initBinary(), settings.cgroupNamespace());
    this.volumes = new LocalVolumes(settings.volumes(), metadata, clock);
    this.creator =
        new Creator(
            settings, metadata, snapshotter, images, volumes, bundles, clock, this, networks);
    this.execs = new Execs(runtime, bundles, events);
    this.health = new HealthChecks(runtime, bundles, timers, clock, this);
  }

  // ---- lifecycle of the service

  @Override
  public void recover() {
    runtime.recover();
    Instant now = clock.instant();
    List<Container> found =
        metadata.read(tx -> tx.containers().list()).stream()
            .map(r -> ContainerCodec.container(r, settings.containers().resolve(r.id())))
            .toList();
    for (Container c : found) {
      Status status = c.state().status();
      if (status.isActive() || status == Status.RESTARTING || status == Status.REMOVING) {
        unmountQuietly(c);
        ContainerState exited = c.state().exited(UNKNOWN_EXIT, now, "");
        c = c.withState(exited.withStatus(Status.EXITED));
        Container updated = c;
        metadata.update(tx -> tx.containers().updateState(updated.id(), stateJson(updated)));
      }
      containers.put(c.id(), new Supervised(c));
    }
    for (Supervised s : containers.values()) {
      ContainerState st = s.container().state();
      if (st.startedAt().isPresent()
          && s.container()
              .hostConfig()
              .restartPolicy()
              .restarts(st.exitCode(), st.restartCount(), st.stoppedByUser())) {
        Thread.ofVirtual().start(() -> restartQuietly(s));
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    List<Thread> stoppers = new ArrayList<>();
    for (Supervised s : containers.values()) {
      Status status = s.container().state().status();
      if (status.isActive()) {
        stoppers.add(
            Thread.ofVirtual().start(() -> stopQuietly(s, Optional.empty(), Optional.empty())));
      } else if (status == Status.RESTARTING) {
        cancel(s);
      }
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    timers.shutdownNow();
  }

  // ---- create, inspect, list

  @Override
  public Container create(CreateRequest request) {
    Container c = creator.create(request);
    containers.put(c.id(), new Supervised(c));
    emit("create", c, Map.of());
    return c;
  }

  @Override
  public Container inspect(String idOrName) {
    return find(idOrName).container();
  }

  @Override
  public List<Container> list(boolean all) {
    return containers.values().stream()
        .map(Supervised::container)
        .filter(
            c -> all || c.state().status().isActive() || c.state().status() == Status.RESTARTING)
        .sorted(Comparator.comparing(Container::created).reversed())
        .toList();
  }

  /** The container {@code idOrName} names: a full ID, a name, then a unique ID prefix. */
  Supervised find(String idOrName) {
    String key = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
    Supervised byId = containers.get(key);
    if (byId != null) {
      return byId;
    }
    for (Supervised s : containers.values()) {
      if (s.container().name().equals(key)) {
        return s;
      }
    }
    List<Supervised> matches =
        key.isEmpty()
            ? List.of()
            : containers.values().stream().filter(s -> s.id().startsWith(key)).toList();
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    if (matches.size() > 1) {
      throw BerthException.conflict("multiple IDs found with provided prefix: %s", idOrName);
    }
    throw BerthException.notFound("No such container: %s", idOrName);
  }

  /** The container whose name is {@code name}, if any. */
  Optional<Container> byName(String name) {
    return containers.values().stream()
        .map(Supervised::container)
        .filter(c -> c.name().equals(name))
        .findFirst();
  }

  // ---- start and the run's end

  @Override
  public boolean start(String idOrName) {
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      Status status = s.container().state().status();
      if (status.isActive()) {
        return false;
      }
      if (status == Status.REMOVING || status == Status.DEAD) {
        throw BerthException.conflict("cannot start container %s: it is being removed", s.id());
      }
      cancel(s);
      try {
        launch(s);
      } catch (BerthException e) {
        removeAfterFailedStart(s);
        throw e;
      }
      return true;
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * {@code --rm}: a container that could not start is removed before the error is answered, as
   * Docker's daemon does; {@code docker run --rm} waits for that removal. Holds the lock.
   */
  private void removeAfterFailedStart(Supervised s) {
    if (!s.container().hostConfig().autoRemove() || closing) {
      return;
    }
    try {
      remove(s.id(), true, true);
    } catch (BerthException e) {
      // Removed meanwhile; the start error is what the client needs to hear.
    }
  }

  /** Mounts the root, writes the bundle, runs the process and waits until it runs. Holds lock. */
  private void launch(Supervised s) {
    Container c = s.container();
    Path rootfs = Bundles.rootfs(c);
    mountRoot(c, rootfs);
    RuntimeProcess process;
    JsonFileLog log;
    Optional<Sandbox> sandbox = Optional.empty();
    try {
      creator.populateVolumes(c, rootfs);
      sandbox = network(c);
      bundles.write(c, sandbox);
      log =
          new JsonFileLog(
              c.logPath(),
              c.hostConfig().logConfig().maxSize(),
              c.hostConfig().logConfig().maxFile(),
              clock);
      // TODO(#5): runc prints its own start error on the container's stderr too, so an attached
      // client sees it before Docker's error line; a separate log pipe for runc would hide it.
      process = runtime.run(c.id(), c.directory(), stdio(c));
    } catch (RuntimeException e) {
      if (sandbox.isPresent()) {
        tearDownQuietly(c.id(), e);
      }
      unmountQuietly(c);
      throw e;
    }
    if (sandbox.isPresent()) {
      s.set(s.container().withSandbox(sandbox));
      c = s.container();
    }
    s.process = process;
    s.log = log;
    process.stdin().ifPresent(in -> s.stdin.complete(in));
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.runDone = done;
    Thread out = Pipes.thread("stdout", () -> s.pump(StdStream.STDOUT, process.stdout(), log));
    Thread err = Pipes.thread("stderr", () -> s.pump(StdStream.STDERR, process.stderr(), log));
    Instant started = clock.instant();
    int pid;
    try {
      pid = awaitRunning(c.id(), process);
    } catch (ContainerStartException e) {
      join(out);
      join(err);
      finishRun(s, process, log, e.exitCode(), e.getMessage(), started);
      done.complete(null);
      throw e;
    }
    update(
        s, c.state().running(pid, started, c.config().healthcheck().map(h -> Health.starting())));
    emit("start", c, Map.of());
    health.schedule(s);
    Thread.ofVirtual()
        .name("berth-exit-" + c.id().substring(0, 12))
        .start(() -> onExit(s, process, log, out, err, done, started));
  }

  /** The network stack of a container on bridge networks, set up for the run that starts. */
  private Optional<Sandbox> network(Container c) {
    if (NetworkMode.parse(c.hostConfig().networkMode()) != NetworkMode.BRIDGE) {
      return Optional.empty();
    }
    HostNetworking net = c.hostConfig().networking();
    return Optional.of(
        networks.setUp(
            new SandboxRequest(
                c.id(),
                c.name(),
                c.config().hostname(),
                net.endpoints(),
                net.bindings(),
                net.publishAllPorts(),
                c.config().exposedPorts(),
                net.dns(),
                net.extraHosts(),
                c.directory().resolve("hosts"),
                c.directory().resolve("resolv.conf"))));
  }

  private void tearDownQuietly(String id, RuntimeException primary) {
    try {
      networks.tearDown(id);
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  private static Stdio stdio(Container c) {
    if (c.config().tty()) {
      return Stdio.terminal(c.config().openStdin());
    }
    return c.config().openStdin() ? Stdio.pipes() : Stdio.pipesWithoutStdin();
  }

  private void mountRoot(Container c, Path rootfs) {
    try {
      Files.createDirectories(rootfs);
    } catch (IOException e) {
      throw BerthException.internal("creating the rootfs mount point of " + c.id(), e);
    }
    MountManager.unmount(rootfs);
    MountManager.mountAll(snapshotter.mounts(Creator.snapshotKey(c.id())), rootfs);
  }

  /** The container's pid once the runtime reports it running; throws if it failed to start. */
  private int awaitRunning(String id, RuntimeProcess process) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (process.onExit().isDone()) {
        process.waitFor();
        return 0;
      }
      Optional<io.berth.runtime.State> state = runtime.state(id);
      if (state.isPresent()
          && state.get().status() != io.berth.runtime.State.Status.CREATING
          && state.get().status() != io.berth.runtime.State.Status.CREATED) {
        return state.get().pid();
      }
      sleep(Duration.ofMillis(5));
    }
    runtime.kill(id, "KILL", true);
    throw new ContainerStartException(
        ContainerStartException.Reason.RUNTIME_FAILED,
        "starting container " + id + ": the runtime did not start it in " + START_TIMEOUT);
  }

  private void onExit(
      Supervised s,
      RuntimeProcess process,
      JsonFileLog log,
      Thread out,
      Thread err,
      CompletableFuture<Void> done,
      Instant started) {
    int code;
    String error = "";
    try {
      code = process.waitFor();
    } catch (ContainerStartException e) {
      code = e.exitCode();
      error = e.getMessage();
    } catch (RuntimeException e) {
      code = UNKNOWN_EXIT;
      error = e.getMessage();
    }
    join(out);
    join(err);
    boolean autoRemove;
    s.lock.lock();
    try {
      finishRun(s, process, log, code, error, started);
      autoRemove = s.container().hostConfig().autoRemove() && !closing;
      maybeRestart(s, code, started);
    } finally {
      s.lock.unlock();
      done.complete(null);
    }
    if (autoRemove && s.container().state().status() == Status.EXITED) {
      try {
        remove(s.id(), true, true);
      } catch (BerthException e) {
        // Removed meanwhile by the user; nothing is left to do.
      }
    }
  }

  /** Records the end of a run: state, events, waiters, attached clients. Holds the lock. */
  private void finishRun(
      Supervised s, RuntimeProcess process, JsonFileLog log, int code, String error, Instant at) {
    health.cancel(s);
    log.close();
    process.close();
    s.process = null;
    s.stdin = new CompletableFuture<>();
    unmountQuietly(s.container());
    releaseNetwork(s);
    Container c = s.container();
    update(s, c.state().exited(code, clock.instant(), error));
    emit("die", c, Map.of("exitCode", Integer.toString(code)));
    CompletableFuture<Integer> waiting = s.nextExit;
    s.nextExit = new CompletableFuture<>();
    s.endSessions();
    waiting.complete(code);
  }

  /** Releases the run's network stack; a failure is left for the next daemon start to clean. */
  private void releaseNetwork(Supervised s) {
    if (s.container().sandbox().isEmpty()) {
      return;
    }
    try {
      networks.tearDown(s.id());
    } catch (BerthException e) {
      // The namespace and rules are released at the next daemon start at the latest.
    }
    s.set(s.container().withSandbox(Optional.empty()));
  }

  private void maybeRestart(Supervised s, int code, Instant started) {
    ContainerState st = s.container().state();
    if (closing
        || !s.container()
            .hostConfig()
            .restartPolicy()
            .restarts(code, st.restartCount(), st.stoppedByUser())) {
      return;
    }
    Duration ran = Duration.between(started, clock.instant());
    Duration delay = backoff.getOrDefault(s.id(), MIN_BACKOFF);
    if (ran.compareTo(BACKOFF_RESET) >= 0) {
      delay = MIN_BACKOFF;
    }
    Duration next = delay.multipliedBy(2);
    backoff.put(s.id(), next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next);
    update(s, st.restarted());
    s.restartTimer =
        timers.schedule(() -> restartQuietly(s), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restartQuietly(Supervised s) {
    s.lock.lock();
    try {
      Status status = s.container().state().status();
      if (closing
          || status.isActive()
          || status == Status.REMOVING
          || !containers.containsKey(s.id())) {
        return;
      }
      launch(s);
    } catch (BerthException e) {
      // The failure is recorded in the state (exit code and error); the policy may try again.
      if (!s.container().state().status().isActive()) {
        maybeRestart(s, s.container().state().exitCode(), clock.instant());
      }
    } finally {
      s.lock.unlock();
    }
  }

  private void cancel(Supervised s) {
    if (s.restartTimer != null) {
      s.restartTimer.cancel(false);
      s.restartTimer = null;
    }
    if (s.container().state().status() == Status.RESTARTING) {
      update(s, s.container().state().withStatus(Status.EXITED));
    }
  }

  // ---- stop, kill, restart, pause

  @Override
  public boolean stop(String idOrName, Optional<Duration> timeout, Optional<String> signal) {
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      Status status = s.container().state().status();
      if (status == Status.RESTARTING) {
        cancel(s);
        update(s, s.container().state().withStoppedByUser(true));
        return true;
      }
      if (!status.isActive()) {
        return false;
      }
      update(s, s.container().state().withStoppedByUser(true));
    } finally {
      s.lock.unlock();
    }
    boolean stopped = stopQuietly(s, timeout, signal);
    emit("stop", s.container(), Map.of());
    return stopped;
  }

  /** Sends the stop signal, then SIGKILL after the timeout; waits for the run to be recorded. */
  private boolean stopQuietly(Supervised s, Optional<Duration> timeout, Optional<String> signal) {
    Container c = s.container();
    CompletableFuture<Void> done = s.runDone;
    String sig = signal.filter(x -> !x.isEmpty()).orElse(stopSignal(c));
    Duration wait =
        timeout.orElse(
            c.config().stopTimeout().map(t -> Duration.ofSeconds(t)).orElse(DEFAULT_STOP_TIMEOUT));
    if (c.state().status() == Status.PAUSED) {
      killQuietly(c.id(), sig);
      resumeQuietly(c.id());
    } else {
      killQuietly(c.id(), sig);
    }
    if (!await(done, wait)) {
      killQuietly(c.id(), "KILL");
      await(done, Duration.ofSeconds(30));
    }
    return true;
  }

  static String stopSignal(Container c) {
    return c.config().stopSignal().isEmpty() ? "SIGTERM" : c.config().stopSignal();
  }

  @Override
  public void kill(String idOrName, Optional<String> signal) {
    Supervised s = find(idOrName);
    String sig = signal.filter(x -> !x.isEmpty()).orElse("KILL");
    s.lock.lock();
    try {
      if (!s.container().state().status().isActive()) {
        throw BerthException.conflict(
            "cannot kill container: %s: container %s is not running", idOrName, s.id());
      }
      if (isKillSignal(sig) || normal(sig).equals(normal(stopSignal(s.container())))) {
        update(s, s.container().state().withStoppedByUser(true));
      }
      runtime.kill(s.id(), sig, false);
    } finally {
      s.lock.unlock();
    }
    emit("kill", s.container(), Map.of("signal", normal(sig)));
  }

  private static boolean isKillSignal(String sig) {
    return normal(sig).equals("KILL") || sig.equals("9");
  }

  private static String normal(String sig) {
    String upper = sig.toUpperCase(java.util.Locale.ROOT);
    return upper.startsWith("SIG") ? upper.substring(3) : upper;
  }

  @Override
  public void restart(String idOrName, Optional<Duration> timeout, Optional<String> signal) {
    Supervised s = find(idOrName);
    if (s.container().state().status().isActive()) {
      stop(idOrName, timeout, signal);
    }
    start(s.id());
    emit("restart", s.container(), Map.of());
  }

  @Override
  public void pause(String idOrName) {
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      Status status = s.container().state().status();
      if (status == Status.PAUSED) {
        throw BerthException.conflict("Container %s is already paused", s.id());
      }
      if (status != Status.RUNNING) {
        throw BerthException.conflict("Container %s is not running", s.id());
      }
      runtime.pause(s.id());
      update(s, s.container().state().withStatus(Status.PAUSED));
    } finally {
      s.lock.unlock();
    }
    emit("pause", s.container(), Map.of());
  }

  @Override
  public void unpause(String idOrName) {
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      if (s.container().state().status() != Status.PAUSED) {
        throw BerthException.conflict("Container %s is not paused", s.id());
      }
      runtime.resume(s.id());
      update(s, s.container().state().withStatus(Status.RUNNING));
    } finally {
      s.lock.unlock();
    }
    emit("unpause", s.container(), Map.of());
  }

  // ---- remove, rename, prune

  @Override
  public void remove(String idOrName, boolean force, boolean removeVolumes) {
    Supervised s = find(idOrName);
    Status status = s.container().state().status();
    if (status.isActive()) {
      if (!force) {
        throw BerthException.conflict(
            "cannot remove container \"/%s\": container is %s: stop the container before"
                + " removing or force remove",
            s.container().name(), status == Status.PAUSED ? "paused" : "running");
      }
      s.lock.lock();
      try {
        update(s, s.container().state().withStoppedByUser(true));
      } finally {
        s.lock.unlock();
      }
      stopQuietly(s, Optional.of(Duration.ZERO), Optional.of("KILL"));
    }
    s.lock.lock();
    try {
      if (!containers.containsKey(s.id())) {
        return;
      }
      cancel(s);
      if (s.container().state().status().isActive()) {
        throw BerthException.conflict("container %s is still running", s.id());
      }
      update(s, s.container().state().withStatus(Status.REMOVING));
      Container c = s.container();
      unmountQuietly(c);
      creator.destroy(c, removeVolumes);
      containers.remove(c.id());
      backoff.remove(c.id());
      execs.forget(c.id());
      emit("destroy", c, Map.of());
      s.removed.complete(c.state().exitCode());
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public Container connect(String idOrName, String network, EndpointConfig config) {
    Supervised s = find(idOrName);
    Network n = networks.network(network);
    s.lock.lock();
    try {
      Container c = s.container();
      if (NetworkMode.parse(c.hostConfig().networkMode()) != NetworkMode.BRIDGE || !n.bridged()) {
        throw BerthException.precondition(
            "container cannot be disconnected from host network or connected to host network");
      }
      HostNetworking net = c.hostConfig().networking();
      if (net.endpoints().containsKey(n.name())) {
        throw BerthException.conflict(
            "endpoint with name %s already exists in network %s", c.name(), n.name());
      }
      if (n.name().equals(Network.DEFAULT)
          && (!config.aliases().isEmpty() || config.ipv4Address().isPresent())) {
        throw BerthException.invalid(
            "network-scoped alias and IP address are supported only for containers in user"
                + " defined networks");
      }
      if (c.sandbox().isPresent()) {
        c = c.withSandbox(Optional.of(networks.connect(c.id(), n.id(), config)));
      }
      Map<String, EndpointConfig> endpoints = new java.util.LinkedHashMap<>(net.endpoints());
      endpoints.put(n.name(), config);
      keep(s, c.withHostConfig(c.hostConfig().withNetworking(net.withEndpoints(endpoints))));
      return s.container();
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public Container disconnect(String idOrName, String network, boolean force) {
    Supervised s = find(idOrName);
    Network n = networks.network(network);
    s.lock.lock();
    try {
      Container c = s.container();
      HostNetworking net = c.hostConfig().networking();
      if (!net.endpoints().containsKey(n.name())) {
        throw BerthException.notFound(
            "container %s is not connected to network %s", c.id(), n.name());
      }
      if (c.sandbox().isPresent()) {
        c = c.withSandbox(Optional.of(networks.disconnect(c.id(), n.id())));
      }
      Map<String, EndpointConfig> endpoints = new java.util.LinkedHashMap<>(net.endpoints());
      endpoints.remove(n.name());
      HostConfig host = c.hostConfig().withNetworking(net.withEndpoints(endpoints));
      if (n.name().equals(host.networkMode()) && !endpoints.isEmpty()) {
        host = host.withNetworkMode(endpoints.keySet().iterator().next());
      }
      keep(s, c.withHostConfig(host));
      return s.container();
    } finally {
      s.lock.unlock();
    }
  }

  /** Stores a container whose host config changed and keeps it in memory. Holds the lock. */
  private void keep(Supervised s, Container c) {
    metadata.update(tx -> tx.containers().update(ContainerCodec.record(c)));
    s.set(c);
  }

  @Override
  public void rename(String idOrName, String newName) {
    String name = io.berth.container.ContainerNames.check(newName);
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      String old = s.container().name();
      if (old.equals(name)) {
        throw BerthException.invalid("Renaming a container with the same name as its current name");
      }
      creator.checkNameFree(name);
      Container renamed = s.container().withName(name);
      metadata.update(tx -> tx.containers().update(ContainerCodec.record(renamed)));
      s.set(renamed);
      emit("rename", renamed, Map.of("oldName", "/" + old));
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public List<String> prune(Predicate<Container> which) {
    List<String> removed = new ArrayList<>();
    for (Supervised s : List.copyOf(containers.values())) {
      Status status = s.container().state().status();
      boolean stopped =
          status == Status.CREATED || status == Status.EXITED || status == Status.DEAD;
      if (stopped && which.test(s.container())) {
        try {
          remove(s.id(), false, false);
          removed.add(s.id());
        } catch (BerthException e) {
          // It started meanwhile; prune leaves it.
        }
      }
    }
    return removed;
  }

  // ---- wait, attach, logs

  @Override
  public CompletableFuture<Integer> await(String idOrName, WaitCondition condition) {
    Supervised s = find(idOrName);
    s.lock.lock();
    try {
      ContainerState st = s.container().state();
      return switch (condition) {
        case NOT_RUNNING ->
            st.status().isActive() || st.status() == Status.RESTARTING
                ? s.nextExit
                : CompletableFuture.completedFuture(st.exitCode());
        case NEXT_EXIT -> s.nextExit;
        case REMOVED -> s.removed;
      };
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public Attachment attach(String idOrName, AttachOptions options, OutputSink sink) {
    Supervised s = find(idOrName);
    Container c = s.container();
    if (options.logs()) {
      for (LogEntry e : JsonFileLog.readAll(c.logPath(), c.hostConfig().logConfig().maxFile())) {
        if (options.wants(e.stream())) {
          try {
            sink.write(e.stream(), e.bytes(), 0, e.bytes().length);
          } catch (IOException ex) {
            break;
          }
        }
      }
    }
    // A stopped container's attach waits for its next run, as docker start -a relies on.
    Status status = c.state().status();
    if (!options.stream() || status == Status.DEAD || status == Status.REMOVING) {
      return new Attachment() {
        @Override
        public OutputStream stdin() {
          return OutputStream.nullOutputStream();
        }

        @Override
        public CompletableFuture<Void> done() {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
      };
    }
    return s.attach(options, sink);
  }

  @Override
  public void logs(String idOrName, LogOptions options, LogSink sink) {
    Supervised s = find(idOrName);
    Container c = s.container();
    JsonFileLog live = s.log;
    boolean following = options.follow() && c.state().status().isActive() && live != null;
    JsonFileLog log = following ? live : new JsonFileLog(c.logPath(), -1, logFiles(c), clock);
    Deque<LogEntry> backlog = new ArrayDeque<>();
    LinkedBlockingQueue<LogEntry> queue = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = s.runDone;
    Runnable unfollow =
        log.readAndFollow(
            e -> {
              if (options.accepts(e.stream(), e.time())) {
                backlog.addLast(e);
                if (options.tail() >= 0 && backlog.size() > options.tail()) {
                  backlog.removeFirst();
                }
              }
            },
            following ? queue::add : null);
    try {
      for (LogEntry e : backlog) {
        sink.write(e);
      }
      while (following) {
        LogEntry e = queue.poll(100, TimeUnit.MILLISECONDS);
        if (e == null) {
          if (done.isDone()) {
            break;
          }
          continue;
        }
        if (options.until().isPresent() && e.time().isAfter(options.until().get())) {
          break;
        }
        if (options.accepts(e.stream(), e.time())) {
          sink.write(e);
        }
      }
    } catch (IOException e) {
      // The client went away.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      unfollow.run();
    }
  }

  private static int logFiles(Container c) {
    return c.hostConfig().logConfig().maxFile();
  }

  // ---- processes, stats, files

  @Override
  public List<List<String>> top(String idOrName) {
    Supervised s = requireRunning(idOrName);
    return ProcessTable.of(runtime.ps(s.id()));
  }

  @Override
  public Stats stats(String idOrName) {
    Supervised s = requireRunning(idOrName);
    return runtime.stats(s.id());
  }

  Supervised requireRunning(String idOrName) {
    Supervised s = find(idOrName);
    Status status = s.container().state().status();
    if (!status.isActive()) {
      throw BerthException.conflict("Container %s is not running", s.id());
    }
    return s;
  }

  @Override
  public PathStat archive(String idOrName, String path, OutputStream out) {
    return ContainerFiles.archive(withRoot(idOrName), path, out);
  }

  @Override
  public PathStat statPath(String idOrName, String path) {
    return ContainerFiles.stat(withRoot(idOrName), path);
  }

  @Override
  public void extract(String idOrName, String path, InputStream in) {
    Container c = find(idOrName).container();
    if (c.hostConfig().readonlyRootfs()) {
      throw BerthException.precondition(
          "container rootfs is marked read-only: cannot copy into %s", c.name());
    }
    ContainerFiles.extract(withRoot(idOrName), path, in);
  }

  /** The container's root filesystem, mounted for the call when the container is not running. */
  private ContainerFiles.Root withRoot(String idOrName) {
    Container c = find(idOrName).container();
    if (c.state().status().isActive()) {
      return new ContainerFiles.Root(Bundles.rootfs(c), () -> {});
    }
    MountManager.Mounted mounted =
        MountManager.mountedTemporarily(
            snapshotter.mounts(Creator.snapshotKey(c.id())), c.directory().resolve("cp"));
    return new ContainerFiles.Root(mounted.target(), mounted::close);
  }

  // ---- exec

  @Override
  public String execCreate(String idOrName, ExecConfig config) {
    Supervised s = find(idOrName);
    Status status = s.container().state().status();
    if (status == Status.PAUSED) {
      throw BerthException.conflict(
          "Container %s is paused, unpause the container before exec", s.id());
    }
    if (status != Status.RUNNING) {
      throw BerthException.conflict("Container %s is not running", s.id());
    }
    return execs.create(s.container(), config);
  }

  @Override
  public void execStart(
      String execId,
      boolean detach,
      ConsoleSize size,
      Optional<InputStream> stdin,
      OutputSink sink) {
    String containerId = execs.containerOf(execId);
    Supervised s = requireRunning(containerId);
    execs.start(s.container(), execId, detach, size, stdin, sink);
  }

  @Override
  public void execResize(String execId, ConsoleSize size) {
    execs.resize(execId, size);
  }

  @Override
  public void resize(String idOrName, ConsoleSize size) {
    if (!size.isSet()) {
      return;
    }
    Supervised s = find(idOrName);
    RuntimeProcess process = s.process;
    if (process == null || !s.container().state().status().isActive()) {
      throw BerthException.conflict("Container %s is not running", s.id());
    }
    process.resize(size);
    emit(
        "resize",
        s.container(),
        Map.of("height", Integer.toString(size.height()), "width", Integer.toString(size.width())));
  }

  @Override
  public ExecInfo execInspect(String execId) {
    return execs.inspect(execId);
  }

  // ---- volumes

  @Override
  public Volume createVolume(Optional<String> name, Map<String, String> labels) {
    boolean existed =
        name.isPresent() && volumes.list().stream().anyMatch(v -> v.name().equals(name.get()));
    Volume v = volumes.ensure(name, labels);
    if (!existed) {
      events.emit("volume", "create", v.name(), Map.of("driver", v.driver()));
    }
    return v;
  }

  @Override
  public Volume volume(String name) {
    return volumes.get(name);
  }

  @Override
  public List<Volume> volumes() {
    return volumes.list();
  }

  @Override
  public void removeVolume(String name, boolean force) {
    Volume v = volumes.get(name);
    List<String> users = usersOf(name);
    if (!users.isEmpty()) {
      throw BerthException.conflict(
          "remove %s: volume is in use - [%s]", name, String.join(", ", users));
    }
    volumes.delete(v.name());
    events.emit("volume", "destroy", v.name(), Map.of("driver", v.driver()));
  }

  @Override
  public List<String> pruneVolumes(Predicate<Volume> which) {
    List<String> removed = new ArrayList<>();
    for (Volume v : volumes.list()) {
      if (which.test(v) && usersOf(v.name()).isEmpty()) {
        volumes.delete(v.name());
        events.emit("volume", "destroy", v.name(), Map.of("driver", v.driver()));
        removed.add(v.name());
      }
    }
    return removed;
  }

  List<String> usersOf(String volume) {
    return containers.values().stream()
        .map(Supervised::container)
        .filter(c -> c.mounts().stream().anyMatch(m -> m.name().equals(volume)))
        .map(Container::id)
        .toList();
  }

  @Override
  public int[] counts() {
    int running = 0;
    int paused = 0;
    int stopped = 0;
    for (Supervised s : containers.values()) {
      switch (s.container().state().status()) {
        case RUNNING, RESTARTING -> running++;
        case PAUSED -> paused++;
        default -> stopped++;
      }
    }
    return new int[] {containers.size(), running, paused, stopped};
  }

  // ---- helpers

  /** Persists {@code state} as the container's and keeps it in memory. Holds the lock. */
  void update(Supervised s, ContainerState state) {
    Container c = s.container().withState(state);
    metadata.update(tx -> tx.containers().updateState(c.id(), stateJson(c)));
    s.set(c);
  }

  private static String stateJson(Container c) {
    return ContainerCodec.state(c.state());
  }

  void emit(String action, Container c, Map<String, String> extra) {
    Map<String, String> attributes = new java.util.TreeMap<>(c.config().labels());
    attributes.put("name", c.name());
    attributes.put("image", c.imageName());
    attributes.putAll(extra);
    events.emit("container", action, c.id(), attributes);
  }

  private void unmountQuietly(Container c) {
    try {
      MountManager.unmount(Bundles.rootfs(c));
    } catch (BerthException e) {
      // A busy root is detached lazily by unmount; anything else leaves a mount for recover.
    }
  }

  private void killQuietly(String id, String signal) {
    try {
      runtime.kill(id, signal, false);
    } catch (BerthException e) {
      // It ended between the check and the signal.
    }
  }

  private void resumeQuietly(String id) {
    try {
      runtime.resume(id);
    } catch (BerthException e) {
      // Not paused any more.
    }
  }

  private static boolean await(CompletableFuture<Void> done, Duration timeout) {
    try {
      if (timeout.isNegative()) {
        done.get();
      } else {
        done.get(Math.max(timeout.toMillis(), 0), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException(ErrorKind.UNAVAILABLE, "interrupted");
    }
  }
}
