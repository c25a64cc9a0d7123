package io.berth.daemon;

import io.berth.build.BuildService;
import io.berth.build.engine.LocalBuildService;
import io.berth.runtime.CgroupDriver;
import io.berth.runtime.runc.RuncRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The build engine the daemon serves {@code POST /build} with, over the daemon's stores. */
final class BuildWiring {
  private BuildWiring() {}

  /** The local build engine: RUN steps on the configured runtime, layers in the stores. */
  static BuildService builds(DaemonConfig config, Stores stores) throws IOException {
    // RUN containers keep their runtime state apart from the container service's
    Path state = Files.createDirectories(config.execRoot().resolve("build-runtime"));
    RuncRuntime runtime = new RuncRuntime(binary(config.runtime()), state, CgroupDriver.CGROUPFS);
    return new LocalBuildService(
        stores.images().store(),
        stores.content(),
        stores.snapshots(),
        stores.metadata(),
        runtime,
        CgroupDriver.CGROUPFS,
        config.root().resolve("build"),
        Clock.systemUTC());
  }

  /** The runtime binary named {@code name}, found on the PATH or in /usr/sbin. */
  static Path binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Path.of("/usr/sbin", name);
  }
}
