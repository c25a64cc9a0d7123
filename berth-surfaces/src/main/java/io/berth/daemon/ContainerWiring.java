package io.berth.daemon;

import io.berth.api.EngineEvent;
import io.berth.container.ContainerEvents;
import io.berth.container.ContainerService;
import io.berth.container.local.LocalContainerService;
import io.berth.container.local.LocalSettings;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.Cgroups;
import io.berth.runtime.runc.RuncRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

/** Picks the OCI runtime and the container service over the daemon's stores, and recovers them. */
final class ContainerWiring {

  private ContainerWiring() {}

  /** The container service over {@code stores}, its containers recovered. */
  static ContainerService open(
      DaemonConfig config,
      Stores stores,
      EventBus bus,
      Clock clock,
      io.berth.network.NetworkService networks) {
    RuncRuntime runtime =
        new RuncRuntime(
            binary(config.runtime()), config.execRoot().resolve("runtime"), CgroupDriver.CGROUPFS);
    ContainerEvents events =
        (type, action, id, attributes) ->
            bus.publish(new EngineEvent(type, action, id, attributes, clock.instant()));
    LocalSettings defaults = LocalSettings.defaults(config.root());
    LocalSettings settings =
        new LocalSettings(
            defaults.root(),
            defaults.cgroupDriver(),
            defaults.initBinary(),
            defaults.logDefaults(),
            Cgroups.detect().version() == Cgroups.Version.V2);
    ContainerService service =
        new LocalContainerService(
            settings,
            stores.metadata(),
            stores.snapshots(),
            stores.images().store(),
            runtime,
            events,
            clock,
            networks);
    service.recover();
    return service;
  }

  /** The runtime binary: an absolute path, or the name looked up on PATH then in /usr/sbin. */
  static Path binary(String name) {
    if (name.startsWith("/")) {
      return Path.of(name);
    }
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin";
    return Stream.of(path.split(":"))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(Path.of("/usr/sbin", name));
  }
}
