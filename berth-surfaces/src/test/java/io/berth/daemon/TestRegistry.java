package io.berth.daemon;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's registry server ({@code docker-registry serve}) on a free loopback port. */
public final class TestRegistry implements AutoCloseable {
  private final Process process;
  private final String host;

  private TestRegistry(Process process, String host) {
    this.process = process;
    this.host = host;
  }

  /** Starts a registry storing under {@code dir}, and waits until {@code /v2/} answers. */
  public static TestRegistry start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Files.createDirectories(dir);
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(dir.resolve("data"), port));
    Path log = dir.resolve("registry.log");
    Process process =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    TestRegistry registry = new TestRegistry(process, "localhost:" + port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        HttpRequest ping =
            HttpRequest.newBuilder(URI.create("http://" + registry.host + "/v2/")).build();
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return registry;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        registry.close();
        throw new IllegalStateException("the registry did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** {@code localhost:<port>}, the registry part of image names. */
  public String host() {
    return host;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
