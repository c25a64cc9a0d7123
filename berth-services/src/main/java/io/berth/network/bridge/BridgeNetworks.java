package io.berth.network.bridge;

import io.berth.errors.BerthException;
import io.berth.network.ContainerPort;
import io.berth.network.Endpoint;
import io.berth.network.EndpointConfig;
import io.berth.network.HostFiles;
import io.berth.network.Ipv4;
import io.berth.network.Network;
import io.berth.network.NetworkCreateRequest;
import io.berth.network.NetworkEvents;
import io.berth.network.NetworkService;
import io.berth.network.PortBinding;
import io.berth.network.Sandbox;
import io.berth.network.SandboxRequest;
import io.berth.network.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link NetworkService} over Linux bridges: each bridge network is a bridge of berth's own with
 * its gateway address, containers join it through the CNI {@code bridge} plugin with {@code
 * host-local} IPAM in their own namespace, berth's iptables chains masquerade, isolate and DNAT,
 * and a userland proxy in the daemon holds each published port and serves it on the host's
 * loopback. Names on user-defined networks resolve through each member's {@code /etc/hosts}, which
 * is rewritten whenever a container joins or leaves a network it shares.
 */
public final class BridgeNetworks implements NetworkService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BridgeSettings settings;
  private final NetworkEvents events;
  private final Clock clock;
  private final HostCommand commands;
  private final NetworkStore store;
  private final Namespaces namespaces;
  private final Cni cni;
  private final Links links;
  private final Firewall firewall;
  private final HostPorts ports = new HostPorts();
  private final Map<String, Network> networks = new ConcurrentHashMap<>();
  private final Map<String, Box> boxes = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean firewallWorks = true;

  /**
   * Releases the stopped containers' interfaces, addresses and namespaces one after the other on a
   * thread of their own, so that a container's end (and {@code rm -f}) does not wait for the CNI
   * plugin; whatever needs them finished (a new network stack, a connection, removing a network,
   * shutting down) waits for {@link #releasing} first.
   */
  private final ExecutorService releaser =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("network-release").factory());

  /** The last release queued; each runs after the one before. Written under {@link #lock}. */
  private volatile CompletableFuture<Void> releasing = CompletableFuture.completedFuture(null);

  /** A running container's network stack as the service keeps it. */
  private static final class Box {
    final SandboxRequest request;
    final Path key;
    final List<Endpoint> endpoints = new ArrayList<>();
    final List<HostPorts.Held> held = new ArrayList<>();
    final List<PortProxy> proxies = new ArrayList<>();

    Box(SandboxRequest request, Path key) {
      this.request = request;
      this.key = key;
    }

    Sandbox sandbox(boolean dualStack) {
      List<io.berth.network.PublishedPort> shown = new ArrayList<>();
      held.forEach(h -> shown.addAll(h.shown(dualStack)));
      return new Sandbox(request.containerId(), key.toString(), endpoints, shown);
    }
  }

  public BridgeNetworks(BridgeSettings settings, NetworkEvents events, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.commands = new HostCommand(settings.state().resolve("tmp"));
    this.store = new NetworkStore(settings.state().resolve("networks"));
    this.namespaces = new Namespaces(settings.state().resolve("netns"), commands);
    this.cni = new Cni(settings.cniPlugins(), settings.state().resolve("ipam"), commands);
    this.links = new Links(commands);
    this.firewall = new Firewall(settings.chainPrefix(), commands);
  }

  // ---- recovery and shutdown

  @Override
  public void recover() {
    lock.lock();
    try {
      namespaces.releaseAll();
      Trees.delete(settings.state().resolve("ipam"));
      Trees.delete(settings.state().resolve("tmp"));
      for (Network n : store.load()) {
        networks.put(n.id(), n);
      }
      predefined();
      for (Network n : networks.values()) {
        if (n.bridged()) {
          links.ensureBridge(n);
        }
      }
      try {
        firewall.start(List.copyOf(networks.values()));
      } catch (BerthException e) {
        firewallWorks = false;
        settings
            .warnings()
            .accept(
                "iptables is not usable, so containers on bridge networks get no route out, no"
                    + " isolation between networks and ports published only through the proxy: "
                    + e.getMessage());
      }
      enableForwarding();
    } finally {
      lock.unlock();
    }
  }

  /** The bridge, host and none networks, made once per root with IDs of their own. */
  private void predefined() {
    for (String name : List.of("bridge", "host", "none")) {
      Optional<Network> existing = byName(name);
      if (name.equals(Network.DEFAULT)) {
        Network bridge = defaultBridge(existing);
        networks.put(bridge.id(), bridge);
        if (existing.isEmpty() || !existing.get().equals(bridge)) {
          store.save(bridge);
        }
      } else if (existing.isEmpty()) {
        Network n =
            new Network(
                newId(),
                name,
                name.equals("host") ? "host" : "null",
                clock.instant(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "",
                false,
                Map.of(),
                Map.of());
        store.save(n);
        networks.put(n.id(), n);
      }
    }
  }

  private Network defaultBridge(Optional<Network> existing) {
    Subnet subnet =
        settings
            .bridgeSubnet()
            .or(() -> existing.flatMap(Network::subnet))
            .orElseGet(() -> HostLock.holding(this::freeSubnet));
    Map<String, String> options = new TreeMap<>();
    options.put("com.docker.network.bridge.default_bridge", "true");
    options.put("com.docker.network.bridge.enable_icc", "true");
    options.put("com.docker.network.bridge.enable_ip_masquerade", "true");
    options.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
    options.put("com.docker.network.bridge.name", settings.bridge());
    options.put("com.docker.network.driver.mtu", "1500");
    return new Network(
        existing.map(Network::id).orElseGet(BridgeNetworks::newId),
        Network.DEFAULT,
        "bridge",
        existing.map(Network::created).orElse(clock.instant()),
        Optional.of(subnet),
        Optional.of(Ipv4.text(subnet.firstHost())),
        Optional.empty(),
        settings.bridge(),
        false,
        Map.of(),
        options);
  }

  private void enableForwarding() {
    Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
    try {
      if (!Files.readString(forward).strip().equals("1")) {
        Files.writeString(forward, "1\n");
      }
    } catch (IOException e) {
      settings
          .warnings()
          .accept("IPv4 forwarding is off and cannot be turned on: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    for (String id : List.copyOf(boxes.keySet())) {
      tearDown(id);
    }
    awaitReleases();
    releaser.shutdown();
    lock.lock();
    try {
      if (firewallWorks) {
        firewall.stop();
      }
      for (Network n : networks.values()) {
        if (n.bridged()) {
          links.deleteBridge(n.bridge());
        }
      }
    } catch (BerthException e) {
      settings.warnings().accept("releasing the networks at shutdown: " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  // ---- networks

  @Override
  public Network create(NetworkCreateRequest request) {
    String name = request.name();
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw BerthException.invalid(
          "invalid network name \"%s\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name);
    }
    String driver = request.driver().isEmpty() ? "bridge" : request.driver();
    if (!driver.equals("bridge")) {
      throw BerthException.notImplemented("the network driver " + driver + " (only bridge)");
    }
    lock.lock();
    try {
      if (byName(name).isPresent()) {
        throw BerthException.conflict("network with name %s already exists", name);
      }
      Network n =
          HostLock.holding(
              () -> {
                Network made = plan(request);
                links.ensureBridge(made);
                return made;
              });
      try {
        store.save(n);
        if (firewallWorks) {
          firewall.network(n);
        }
      } catch (BerthException e) {
        links.deleteBridge(n.bridge());
        store.delete(n.id());
        throw e;
      }
      networks.put(n.id(), n);
      events.emit("create", n.id(), Map.of("name", n.name(), "type", n.driver()));
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** The network a request describes, with a free subnet when it names none. */
  private Network plan(NetworkCreateRequest request) {
    for (String option : request.options().keySet()) {
      if (!option.equals("com.docker.network.bridge.name")) {
        throw BerthException.notImplemented(
            "the network option " + option + " (only com.docker.network.bridge.name)");
      }
    }
    Subnet subnet = request.subnet().orElseGet(this::freeSubnet);
    for (Network other : networks.values()) {
      if (other.subnet().isPresent() && other.subnet().get().overlaps(subnet)) {
        throw BerthException.conflict(
            "invalid pool request: Pool overlaps with other one on this address space (%s of"
                + " network %s)",
            other.subnet().get(), other.name());
      }
    }
    String gateway = request.gateway().orElse(Ipv4.text(subnet.firstHost()));
    if (!subnet.contains(Ipv4.parse(gateway))) {
      throw BerthException.invalid("invalid gateway %s: it is not in subnet %s", gateway, subnet);
    }
    request
        .ipRange()
        .ifPresent(
            r -> {
              if (!subnet.contains(r.network()) || r.prefix() < subnet.prefix()) {
                throw BerthException.invalid(
                    "invalid ip range %s: it is not inside subnet %s", r, subnet);
              }
            });
    String id = newId();
    String bridge =
        request
            .options()
            .getOrDefault("com.docker.network.bridge.name", "berth-" + id.substring(0, 9));
    if (networks.values().stream().anyMatch(n -> n.bridge().equals(bridge))) {
      throw BerthException.conflict("the bridge %s is already used by another network", bridge);
    }
    return new Network(
        id,
        request.name(),
        "bridge",
        clock.instant(),
        Optional.of(subnet),
        Optional.of(gateway),
        request.ipRange(),
        bridge,
        request.internal(),
        request.labels(),
        request.options());
  }

  /** The first subnet of the pool that overlaps neither a network nor a host route. */
  private Subnet freeSubnet() {
    List<Subnet> taken = new ArrayList<>(Links.routes());
    networks.values().forEach(n -> n.subnet().ifPresent(taken::add));
    Subnet pool = settings.pool();
    long step = 1L << (32 - settings.poolSize());
    for (long offset = 0; offset < pool.size(); offset += step) {
      Subnet candidate = new Subnet(pool.address(offset), settings.poolSize());
      if (taken.stream().noneMatch(candidate::overlaps)) {
        return candidate;
      }
    }
    throw BerthException.unavailable(
        "could not find an available, non-overlapping IPv4 address pool among the defaults to"
            + " assign to the network (pool %s)",
        pool);
  }

  @Override
  public Network network(String idOrName) {
    Network byId = networks.get(idOrName);
    if (byId != null) {
      return byId;
    }
    Optional<Network> named = byName(idOrName);
    if (named.isPresent()) {
      return named.get();
    }
    List<Network> prefixed =
        idOrName.isEmpty()
            ? List.of()
            : networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
    if (prefixed.size() == 1) {
      return prefixed.getFirst();
    }
    if (prefixed.size() > 1) {
      throw BerthException.conflict(
          "network %s is ambiguous (%d matches found based on ID prefix)",
          idOrName, prefixed.size());
    }
    throw BerthException.notFound("network %s not found", idOrName);
  }

  private Optional<Network> byName(String name) {
    return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  @Override
  public List<Network> list() {
    return networks.values().stream()
        .sorted(
            Comparator.comparing((Network n) -> !n.predefined())
                .thenComparing(Network::created)
                .thenComparing(Network::name))
        .toList();
  }

  @Override
  public void remove(String idOrName) {
    awaitReleases();
    lock.lock();
    try {
      Network n = network(idOrName);
      if (n.predefined()) {
        throw BerthException.precondition(
            "%s is a pre-defined network and cannot be removed", n.name());
      }
      Map<String, Member> members = members(n.id());
      if (!members.isEmpty()) {
        throw BerthException.conflict(
            "error while removing network: network %s id %s has active endpoints (%s)",
            n.name(),
            n.id(),
            String.join(", ", members.values().stream().map(Member::containerName).toList()));
      }
      if (firewallWorks) {
        firewall.removeNetwork(n.id());
      }
      links.deleteBridge(n.bridge());
      Trees.delete(settings.state().resolve("ipam").resolve("berth-" + n.id().substring(0, 12)));
      store.delete(n.id());
      networks.remove(n.id());
      events.emit("destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, Member> members(String networkId) {
    lock.lock();
    try {
      Map<String, Member> members = new TreeMap<>();
      for (Box b : boxes.values()) {
        for (Endpoint e : b.endpoints) {
          if (e.networkId().equals(networkId)) {
            members.put(b.request.containerId(), new Member(b.request.containerName(), e));
          }
        }
      }
      return members;
    } finally {
      lock.unlock();
    }
  }

  // ---- sandboxes

  @Override
  public void checkPorts(String containerName, Map<ContainerPort, List<PortBinding>> wanted) {
    ports.check(containerName, wanted);
  }

  @Override
  public Sandbox setUp(SandboxRequest request) {
    String id = request.containerId();
    List<Network> joined = new ArrayList<>();
    for (String name : request.networks().keySet()) {
      Network n = network(name);
      if (!n.bridged()) {
        throw BerthException.invalid(
            "container cannot be connected to network %s along with other networks", n.name());
      }
      joined.add(n);
    }
    awaitReleases();
    lock.lock();
    try {
      if (boxes.containsKey(id)) {
        throw BerthException.conflict("container %s already has a network stack", id);
      }
      Box box = new Box(request, namespaces.create(id));
      boxes.put(id, box);
      try {
        cni.loopback(id, box.key);
        int i = 0;
        for (Network n : joined) {
          EndpointConfig config = request.networks().get(keyOf(request, n));
          box.endpoints.add(attach(box, n, "eth" + i++, config));
        }
        publish(box);
        writeResolvConf(box);
        write(box.request.hostsFile(), hosts(box));
        rewriteHosts(joined);
      } catch (RuntimeException e) {
        release(box, e);
        throw e;
      }
      for (Endpoint e : box.endpoints) {
        events.emit(
            "connect",
            e.networkId(),
            Map.of("container", id, "name", e.networkName(), "type", "bridge"));
      }
      return box.sandbox(ports.dualStack());
    } finally {
      lock.unlock();
    }
  }

  private static String keyOf(SandboxRequest request, Network n) {
    return request.networks().containsKey(n.name()) ? n.name() : n.id();
  }

  private Endpoint attach(Box box, Network n, String ifname, EndpointConfig config) {
    SandboxRequest r = box.request;
    config
        .ipv4Address()
        .ifPresent(
            ip -> {
              if (!n.subnet().orElseThrow().contains(Ipv4.parse(ip))) {
                throw BerthException.invalid(
                    "invalid address %s: it does not belong to any of network %s's subnets (%s)",
                    ip, n.name(), n.subnet().get());
              }
            });
    Cni.Attachment a = cni.add(n, r.containerId(), box.key, ifname, config);
    List<String> names = new ArrayList<>();
    if (n.resolvesNames()) {
      names.add(r.containerName());
      config.aliases().stream().filter(x -> !names.contains(x)).forEach(names::add);
      String shortId = r.containerId().substring(0, 12);
      if (!names.contains(shortId)) {
        names.add(shortId);
      }
    }
    return new Endpoint(
        newId(),
        n.id(),
        n.name(),
        ifname,
        a.address(),
        a.prefix(),
        a.gateway(),
        a.mac(),
        config.aliases(),
        names);
  }

  /** Binds the container's host ports, starts their proxies and writes their DNAT rules. */
  private void publish(Box box) {
    SandboxRequest r = box.request;
    Map<ContainerPort, List<PortBinding>> wanted = new TreeMap<>(r.ports());
    if (r.publishAll()) {
      for (ContainerPort p : r.exposed()) {
        wanted.putIfAbsent(p, List.of(new PortBinding("", "")));
      }
    }
    wanted.values().removeIf(List::isEmpty);
    if (wanted.isEmpty() || box.endpoints.isEmpty()) {
      return;
    }
    Endpoint target = box.endpoints.getFirst();
    box.held.addAll(ports.reserve(r.containerId(), r.containerName(), target.id(), wanted));
    List<Firewall.Dnat> rules = new ArrayList<>();
    Network n = network(target.networkId());
    for (HostPorts.Held h : box.held) {
      java.net.InetSocketAddress to =
          new java.net.InetSocketAddress(target.address(), h.containerPort().port());
      box.proxies.add(
          h.channel() instanceof java.nio.channels.ServerSocketChannel server
              ? PortProxy.tcp(server, to)
              : PortProxy.udp((java.nio.channels.DatagramChannel) h.channel(), to));
      String ip = h.hostIp();
      if (ip.isEmpty() || ip.equals("0.0.0.0") || (Ipv4.is(ip) && !ip.startsWith("127."))) {
        rules.add(
            new Firewall.Dnat(
                h.containerPort().protocol(),
                ip.equals("0.0.0.0") ? "" : ip,
                h.hostPort(),
                target.address(),
                h.containerPort().port(),
                n.bridge()));
      }
    }
    if (firewallWorks && !rules.isEmpty()) {
      firewall.publish(r.containerId(), rules);
    }
  }

  @Override
  public Sandbox connect(String containerId, String idOrName, EndpointConfig config) {
    Network n = network(idOrName);
    awaitReleases();
    lock.lock();
    try {
      Box box = running(containerId);
      if (box.endpoints.stream().anyMatch(e -> e.networkId().equals(n.id()))) {
        throw BerthException.conflict(
            "endpoint with name %s already exists in network %s",
            box.request.containerName(), n.name());
      }
      if (!n.bridged()) {
        throw BerthException.invalid(
            "container cannot be disconnected from host network or connected to host network");
      }
      int next = 0;
      while (hasInterface(box, "eth" + next)) {
        next++;
      }
      box.endpoints.add(attach(box, n, "eth" + next, config));
      write(box.request.hostsFile(), hosts(box));
      rewriteHosts(List.of(n));
      events.emit(
          "connect", n.id(), Map.of("container", containerId, "name", n.name(), "type", "bridge"));
      return box.sandbox(ports.dualStack());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Sandbox disconnect(String containerId, String idOrName) {
    Network n = network(idOrName);
    lock.lock();
    try {
      Box box = running(containerId);
      Endpoint e =
          box.endpoints.stream()
              .filter(x -> x.networkId().equals(n.id()))
              .findFirst()
              .orElseThrow(
                  () ->
                      BerthException.notFound(
                          "container %s is not connected to network %s",
                          containerId.substring(0, 12), n.name()));
      cni.delete(n, containerId, box.key, e.interfaceName());
      box.endpoints.remove(e);
      write(box.request.hostsFile(), hosts(box));
      rewriteHosts(List.of(n));
      events.emit(
          "disconnect",
          n.id(),
          Map.of("container", containerId, "name", n.name(), "type", "bridge"));
      return box.sandbox(ports.dualStack());
    } finally {
      lock.unlock();
    }
  }

  private static boolean hasInterface(Box box, String name) {
    return box.endpoints.stream().anyMatch(e -> e.interfaceName().equals(name));
  }

  private Box running(String containerId) {
    Box box = boxes.get(containerId);
    if (box == null) {
      throw BerthException.conflict("container %s is not running", containerId);
    }
    return box;
  }

  @Override
  public void tearDown(String containerId) {
    lock.lock();
    try {
      Box box = boxes.get(containerId);
      if (box == null) {
        return;
      }
      List<Network> left = new ArrayList<>();
      for (Endpoint e : box.endpoints) {
        Optional.ofNullable(networks.get(e.networkId())).ifPresent(left::add);
      }
      run(releaseNow(box), containerId, null);
      List<Runnable> later = releaseLater(box);
      releasing = releasing.thenRunAsync(() -> run(later, containerId, null), releaser);
      for (Network n : left) {
        events.emit(
            "disconnect",
            n.id(),
            Map.of("container", containerId, "name", n.name(), "type", "bridge"));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Releases all of a box at once: see {@link #releaseNow} and {@link #releaseLater}. */
  private void release(Box box, RuntimeException primary) {
    List<Runnable> steps = new ArrayList<>(releaseNow(box));
    steps.addAll(releaseLater(box));
    run(steps, box.request.containerId(), primary);
  }

  /**
   * Forgets the box and gives up what another container's create checks: its host ports (and their
   * proxies); its peers' hosts files no longer list it.
   */
  private List<Runnable> releaseNow(Box box) {
    String id = box.request.containerId();
    boxes.remove(id);
    box.proxies.forEach(PortProxy::close);
    ports.release(id);
    List<Network> left = new ArrayList<>();
    List<Runnable> steps = new ArrayList<>();
    for (Endpoint e : box.endpoints) {
      Optional.ofNullable(networks.get(e.networkId())).ifPresent(left::add);
    }
    steps.add(() -> rewriteHosts(left));
    return steps;
  }

  /**
   * What can wait until another stack is set up: the DNAT rules, the interfaces and addresses (the
   * CNI plugin's DEL), then the namespace.
   */
  private List<Runnable> releaseLater(Box box) {
    String id = box.request.containerId();
    List<Runnable> steps = new ArrayList<>();
    if (firewallWorks) {
      steps.add(() -> firewall.publish(id, List.of()));
    }
    for (Endpoint e : box.endpoints) {
      Network n = networks.get(e.networkId());
      if (n != null) {
        steps.add(() -> cni.delete(n, id, box.key, e.interfaceName()));
      }
    }
    steps.add(() -> namespaces.release(box.key));
    return steps;
  }

  /** Waits until every release queued so far has run. */
  private void awaitReleases() {
    releasing.join();
  }

  /** Runs each step; a failure is added to {@code primary}, or reported as a warning. */
  private void run(List<Runnable> steps, String id, RuntimeException primary) {
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (primary != null) {
          primary.addSuppressed(e);
        } else {
          settings
              .warnings()
              .accept("releasing the network of container " + id + ": " + e.getMessage());
        }
      }
    }
  }

  // ---- hosts and resolver files

  private void writeResolvConf(Box box) {
    write(
        box.request.resolvConf(),
        HostFiles.resolvConf(HostFiles.hostResolvConf(), box.request.dns()));
  }

  /**
   * Rewrites the hosts file of every running member of those of {@code changed} whose members find
   * each other by name (the user-defined ones).
   */
  private void rewriteHosts(List<Network> changed) {
    List<Network> named = changed.stream().filter(Network::resolvesNames).toList();
    if (named.isEmpty()) {
      return;
    }
    for (Box b : boxes.values()) {
      boolean member =
          b.endpoints.stream()
              .anyMatch(e -> named.stream().anyMatch(n -> n.id().equals(e.networkId())));
      if (member) {
        write(b.request.hostsFile(), hosts(b));
      }
    }
  }

  private String hosts(Box box) {
    SandboxRequest r = box.request;
    String own = box.endpoints.isEmpty() ? "127.0.1.1" : box.endpoints.getFirst().address();
    String gateway = box.endpoints.isEmpty() ? "" : box.endpoints.getFirst().gateway();
    List<HostFiles.Entry> extra = new ArrayList<>();
    for (String spec : r.extraHosts()) {
      extra.add(HostFiles.extraHost(spec, gateway));
    }
    Map<String, HostFiles.Entry> peers = new LinkedHashMap<>();
    for (Endpoint mine : box.endpoints) {
      Network n = networks.get(mine.networkId());
      if (n == null || !n.resolvesNames()) {
        continue;
      }
      for (Box other : boxes.values()) {
        if (other == box) {
          continue;
        }
        for (Endpoint theirs : other.endpoints) {
          if (theirs.networkId().equals(n.id())) {
            peers.putIfAbsent(
                theirs.address(), new HostFiles.Entry(theirs.address(), theirs.names()));
          }
        }
      }
    }
    return HostFiles.hosts(r.hostname(), own, extra, List.copyOf(peers.values()));
  }

  /** Writes a file in place: a running container sees the bind-mounted inode change. */
  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw BerthException.internal("writing " + file, e);
    }
  }

  private static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
