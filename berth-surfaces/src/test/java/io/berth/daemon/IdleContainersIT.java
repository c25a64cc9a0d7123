package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.container.ContainerConfig;
import io.berth.container.ContainerService;
import io.berth.container.CreateRequest;
import io.berth.container.HostConfig;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose containers print nothing for a long while still answers. Regression: their output
 * was pumped by virtual threads blocked in pipe reads; once the scheduler's spare carriers had
 * timed out, as many idle containers as cores held every carrier, and the daemon stopped accepting
 * connections.
 */
class IdleContainersIT {

  @TempDir Path dir;

  @Test
  void theDaemonAnswersWithMoreIdleContainersThanCores() throws Exception {
    try (TestDaemon daemon = TestDaemon.start(dir)) {
      ContainerRecoveryIT.importBusybox(daemon);
      ContainerService containers = daemon.containers();
      int count = Runtime.getRuntime().availableProcessors() + 2;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ContainerConfig config = ContainerConfig.of("bb:recover", List.of("sleep", "1000"));
        String id =
            containers
                .create(new CreateRequest(Optional.empty(), config, HostConfig.defaults(), false))
                .id();
        containers.start(id);
        ids.add(id);
      }

      // The virtual-thread scheduler retires spare carriers after 30 s without work.
      Thread.sleep(TimeUnit.SECONDS.toMillis(45));

      CompletableFuture<String> ping = CompletableFuture.supplyAsync(() -> ping(daemon.socket()));
      assertThat(ping.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("OK");
      for (String id : ids) {
        containers.remove(id, true, false);
      }
    }
  }

  private static String ping(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(
          ByteBuffer.wrap(
              "GET /_ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      StringBuilder answer = new StringBuilder();
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        answer.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return answer.toString().strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
