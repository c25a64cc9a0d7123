package io.berth.container.local;

import io.berth.container.Container;
import io.berth.container.ContainerConfig;
import io.berth.container.ContainerNames;
import io.berth.container.ContainerState;
import io.berth.container.CreateRequest;
import io.berth.container.HostConfig;
import io.berth.container.HostNetworking;
import io.berth.container.MountPoint;
import io.berth.container.MountSpec;
import io.berth.container.Volume;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.metadata.MetadataStore;
import io.berth.network.ContainerPort;
import io.berth.network.EndpointConfig;
import io.berth.network.Network;
import io.berth.network.NetworkMode;
import io.berth.network.NetworkService;
import io.berth.oci.ChainId;
import io.berth.oci.RunConfig;
import io.berth.runtime.ResolvedUser;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Makes and unmakes containers: merges the image's config into the request as Docker does, checks
 * the name and flags, resolves mounts into volumes, prepares the writable snapshot and records the
 * container; on any failure it undoes what it did, so a failed create leaves nothing.
 */
final class Creator {

  private final LocalSettings settings;
  private final MetadataStore metadata;
  private final Snapshotter snapshotter;
  private final ImageService images;
  private final LocalVolumes volumes;
  private final Bundles bundles;
  private final Clock clock;
  private final LocalContainerService service;
  private final NetworkService networks;

  Creator(
      LocalSettings settings,
      MetadataStore metadata,
      Snapshotter snapshotter,
      ImageService images,
      LocalVolumes volumes,
      Bundles bundles,
      Clock clock,
      LocalContainerService service,
      NetworkService networks) {
    this.settings = settings;
    this.metadata = metadata;
    this.snapshotter = snapshotter;
    this.images = images;
    this.volumes = volumes;
    this.bundles = bundles;
    this.clock = clock;
    this.service = service;
    this.networks = networks;
  }

  static String snapshotKey(String id) {
    return "container-" + id;
  }

  Container create(CreateRequest request) {
    Image image = images.resolve(request.config().image());
    String id = ContainerNames.newId();
    String name = name(request);
    ContainerConfig merged = merge(request.config(), image.config().config(), id);
    List<String> command = Bundles.command(merged);
    HostConfig host =
        networking(
            request
                .hostConfig()
                .withLogConfig(
                    request.hostConfig().logConfig().withDefaults(settings.logDefaults())),
            name);
    Path directory = settings.containers().resolve(id);
    Container draft =
        new Container(
            id,
            name,
            clock.instant(),
            image.id(),
            request.config().image(),
            merged,
            host,
            command.getFirst(),
            command.subList(1, command.size()),
            List.of(),
            ContainerState.created(),
            directory,
            Optional.empty());

    // Flags the runtime config would refuse, before anything is written.
    bundles.spec(draft, ResolvedUser.root());

    if (request.replace()) {
      service.byName(name).ifPresent(old -> service.remove(old.id(), true, false));
    }
    checkNameFree(name);
    if (!host.networking().endpoints().isEmpty()) {
      networks.checkPorts(name, host.networking().bindings());
    }

    List<Volume> made = new ArrayList<>();
    boolean snapshot = false;
    try {
      Optional<ChainId> chain = images.unpack(image, EventSink.NONE);
      Files.createDirectories(directory);
      List<MountPoint> mounts = mounts(host, merged, made);
      Container c =
          new Container(
              id,
              name,
              draft.created(),
              image.id(),
              draft.imageName(),
              merged,
              host,
              draft.path(),
              draft.args(),
              mounts,
              ContainerState.created(),
              directory,
              Optional.empty());
      snapshotter.prepare(snapshotKey(id), chain.map(ChainId::toString), Map.of());
      snapshot = true;
      metadata.update(tx -> tx.containers().create(ContainerCodec.record(c)));
      return c;
    } catch (IOException | RuntimeException e) {
      if (snapshot) {
        removeSnapshotQuietly(id, e);
      }
      made.stream().filter(Volume::anonymous).forEach(v -> volumes.delete(v.name()));
      Trees.deleteQuietly(directory);
      if (e instanceof IOException io) {
        throw BerthException.internal("creating container " + id, io);
      }
      if (e instanceof BerthException b
          && b.kind() == ErrorKind.CONFLICT
          && b.getMessage().contains("name")) {
        throw nameInUse(name, service.byName(name).map(Container::id).orElse("?"));
      }
      throw (RuntimeException) e;
    }
  }

  private String name(CreateRequest request) {
    if (request.name().isPresent() && !request.name().get().isEmpty()) {
      return ContainerNames.check(request.name().get());
    }
    for (int retry = 0; ; retry++) {
      String candidate = ContainerNames.generate(retry);
      if (service.byName(candidate).isEmpty()) {
        return candidate;
      }
    }
  }

  void checkNameFree(String name) {
    Optional<Container> holder = service.byName(name);
    if (holder.isPresent()) {
      throw nameInUse(name, holder.get().id());
    }
  }

  private static BerthException nameInUse(String name, String id) {
    return BerthException.conflict(
        "Conflict. The container name \"/%s\" is already in use by container \"%s\". You have to"
            + " remove (or rename) that container to be able to reuse that name.",
        name, id);
  }

  /** Docker's merge of the image's config under the request's. */
  static ContainerConfig merge(ContainerConfig request, RunConfig image, String id) {
    List<String> entrypoint = request.entrypoint().map(Creator::cleared).orElse(image.entrypoint());
    List<String> cmd;
    if (!request.cmd().isEmpty()) {
      cmd = request.cmd();
    } else if (request.entrypoint().isPresent()) {
      cmd = List.of();
    } else {
      cmd = image.cmd();
    }
    Map<String, String> env = new LinkedHashMap<>();
    Stream.concat(image.env().stream(), request.env().stream())
        .forEach(e -> env.put(e.contains("=") ? e.substring(0, e.indexOf('=')) : e, e));
    Map<String, String> labels = new TreeMap<>(image.labels());
    labels.putAll(request.labels());
    Set<String> volumeSet = new TreeSet<>(image.volumes());
    volumeSet.addAll(request.volumes());
    Optional<RunConfig.HealthConfig> health =
        request.healthcheck().isPresent() ? request.healthcheck() : image.healthcheck();
    health = health.filter(h -> !h.test().isEmpty() && !h.test().getFirst().equals("NONE"));
    return new ContainerConfig(
        request.image(),
        cmd,
        Optional.of(entrypoint),
        List.copyOf(env.values()),
        request.workingDir().isEmpty() ? image.workingDir() : request.workingDir(),
        request.user().isEmpty() ? image.user() : request.user(),
        labels,
        request.tty(),
        request.openStdin(),
        request.stdinOnce(),
        request.hostname().isEmpty() ? id.substring(0, 12) : request.hostname(),
        request.stopSignal().isEmpty() ? image.stopSignal() : request.stopSignal(),
        request.stopTimeout().isPresent() ? request.stopTimeout() : image.stopTimeout(),
        health,
        volumeSet,
        exposed(request, image));
  }

  /** The image's exposed ports and the request's ({@code --expose}, {@code -p}). */
  private static Set<ContainerPort> exposed(ContainerConfig request, RunConfig image) {
    Set<ContainerPort> all = new TreeSet<>(request.exposedPorts());
    image.exposedPorts().forEach(p -> all.add(ContainerPort.parse(p)));
    return all;
  }

  /**
   * The host config with its network mode's network first among its endpoints, every network it
   * names checked to exist and settings only user-defined networks take refused elsewhere.
   */
  private HostConfig networking(HostConfig host, String name) {
    HostNetworking net = host.networking();
    NetworkMode mode = NetworkMode.parse(host.networkMode());
    if (mode != NetworkMode.BRIDGE) {
      return host.withNetworking(net.withEndpoints(Map.of()));
    }
    Network primary = networks.network(NetworkMode.networkName(host.networkMode()));
    Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    endpoints.put(primary.name(), EndpointConfig.DEFAULT);
    net.endpoints()
        .forEach(
            (key, config) -> {
              Network n =
                  key.equals("default") ? primary : networks.network(NetworkMode.networkName(key));
              if (!n.bridged()) {
                throw BerthException.invalid(
                    "container cannot be connected to network %s along with other networks",
                    n.name());
              }
              endpoints.put(n.name(), config);
            });
    for (var e : endpoints.entrySet()) {
      if (e.getKey().equals(Network.DEFAULT)) {
        if (!e.getValue().aliases().isEmpty()) {
          throw BerthException.invalid(
              "network-scoped alias is supported only for containers in user defined networks");
        }
        if (e.getValue().ipv4Address().isPresent()) {
          throw BerthException.invalid(
              "user specified IP address is supported on user defined networks only");
        }
      }
    }
    return host.withNetworkMode(primary.name()).withNetworking(net.withEndpoints(endpoints));
  }

  private static List<String> cleared(List<String> override) {
    return override.size() == 1 && override.getFirst().isEmpty() ? List.of() : override;
  }

  /** The request's mounts, then anonymous volumes for the image's VOLUMEs not covered. */
  private List<MountPoint> mounts(HostConfig host, ContainerConfig config, List<Volume> made)
      throws IOException {
    List<MountPoint> mounts = new ArrayList<>();
    Set<String> targets = new TreeSet<>();
    for (MountSpec spec : host.mounts()) {
      if (!targets.add(spec.target())) {
        throw BerthException.invalid("Duplicate mount point: %s", spec.target());
      }
      mounts.add(resolve(spec, made));
    }
    for (String path : config.volumes()) {
      if (targets.add(path)) {
        mounts.add(resolve(new MountSpec(MountSpec.Type.VOLUME, "", path, false, List.of()), made));
      }
    }
    return mounts;
  }

  private MountPoint resolve(MountSpec spec, List<Volume> made) throws IOException {
    return switch (spec.type()) {
      case BIND -> {
        Path source = Path.of(spec.source());
        if (!Files.exists(source)) {
          // Docker creates a missing -v source directory; the API refuses one for --mount.
          Files.createDirectories(source);
        }
        yield new MountPoint(
            MountSpec.Type.BIND, "", spec.source(), spec.target(), spec.readOnly());
      }
      case VOLUME -> {
        Optional<String> name =
            spec.source().isEmpty() ? Optional.empty() : Optional.of(spec.source());
        Map<String, String> labels = name.isEmpty() ? Map.of(LocalVolumes.ANONYMOUS, "") : Map.of();
        boolean existed =
            name.isPresent() && volumes.list().stream().anyMatch(v -> v.name().equals(name.get()));
        Volume v = volumes.ensure(name, labels);
        if (!existed) {
          made.add(v);
        }
        yield new MountPoint(
            MountSpec.Type.VOLUME,
            v.name(),
            v.mountpoint().toString(),
            spec.target(),
            spec.readOnly());
      }
      case TMPFS -> new MountPoint(MountSpec.Type.TMPFS, "", "", spec.target(), false);
    };
  }

  /**
   * Copies what the image has at a volume's path into the volume while the volume is still empty,
   * as Docker does on first use; the rootfs must be mounted.
   */
  void populateVolumes(Container c, Path rootfs) {
    for (MountPoint m : c.mounts()) {
      if (m.type() != MountSpec.Type.VOLUME) {
        continue;
      }
      Path data = Path.of(m.source());
      Path inImage = rootfs.resolve(m.destination().substring(1));
      try {
        if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS) || !isEmpty(data)) {
          continue;
        }
        copyTree(inImage, data);
      } catch (IOException e) {
        throw BerthException.internal(
            "copying the image's " + m.destination() + " into volume " + m.name(), e);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (p.equals(from)) {
          continue;
        }
        Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /** Removes the container's snapshot, files and record; its anonymous volumes if asked. */
  void destroy(Container c, boolean removeVolumes) {
    try {
      snapshotter.remove(snapshotKey(c.id()));
    } catch (BerthException e) {
      if (e.kind() != ErrorKind.NOT_FOUND) {
        throw e;
      }
    }
    metadata.update(tx -> tx.containers().delete(c.id()));
    Trees.deleteQuietly(c.directory());
    if (removeVolumes) {
      for (MountPoint m : c.mounts()) {
        if (m.type() == MountSpec.Type.VOLUME) {
          boolean anonymous =
              volumes.list().stream().anyMatch(v -> v.name().equals(m.name()) && v.anonymous());
          if (anonymous && service.usersOf(m.name()).stream().allMatch(c.id()::equals)) {
            volumes.delete(m.name());
          }
        }
      }
    }
  }

  private void removeSnapshotQuietly(String id, Exception primary) {
    try {
      snapshotter.remove(snapshotKey(id));
    } catch (BerthException e) {
      primary.addSuppressed(e);
    }
  }

  Instant now() {
    return clock.instant();
  }
}
