package io.berth.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An API server in the test's JVM with {@code /_ping} and {@code POST /build} over a given build
 * service, on a fresh socket: what the docker CLI and berth's CLI need to run a build.
 */
public final class BuildServer implements AutoCloseable {
  private final ApiServer server;
  private final Path socket;

  private BuildServer(ApiServer server, Path socket) {
    this.server = server;
    this.socket = socket;
  }

  /** Serves {@code builds} on {@code dir}/api.sock, unpacking contexts under {@code dir}/root. */
  public static BuildServer start(io.berth.build.BuildService builds, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path socket = dir.resolve("api.sock");
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    Router router =
        Router.builder("test")
            .get("/_ping", r -> r.responseHeader("Builder-Version", "1").text(200, "OK"))
            .head("/_ping", r -> r.responseHeader("Builder-Version", "1").text(200, "OK"))
            .add(new BuildRoutes(builds, dir.resolve("root")))
            .build();
    return new BuildServer(ApiServer.start(router, List.of(listener)), socket);
  }

  public String host() {
    return "unix://" + socket;
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
