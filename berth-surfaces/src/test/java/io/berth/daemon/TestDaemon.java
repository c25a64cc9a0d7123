package io.berth.daemon;

import java.io.IOException;
import java.nio.file.Path;

/** A daemon started in the test's JVM on a fresh root and socket, cheap enough for each test. */
public final class TestDaemon implements AutoCloseable {
  private final Daemon daemon;
  private final Path socket;

  private TestDaemon(Daemon daemon, Path socket) {
    this.daemon = daemon;
    this.socket = socket;
  }

  /** Starts a daemon with its root and socket under {@code dir}. */
  public static TestDaemon start(Path dir) throws IOException {
    Path socket = dir.resolve("berth.sock");
    return new TestDaemon(Daemon.start(DaemonConfig.forTest(dir.resolve("root"), socket)), socket);
  }

  public Path socket() {
    return socket;
  }

  public String host() {
    return "unix://" + socket;
  }

  public Path root() {
    return daemon.config().root();
  }

  /** The daemon's container service, for tests that drive it directly. */
  public io.berth.container.ContainerService containers() {
    return daemon.containers();
  }

  /** The daemon's network service, for tests that look at what it holds. */
  public io.berth.network.NetworkService networks() {
    return daemon.networks();
  }

  public EventBus events() {
    return daemon.events();
  }

  @Override
  public void close() throws IOException {
    daemon.close();
  }
}
