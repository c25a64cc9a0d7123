package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.client.DockerHost;
import io.berth.client.EngineClient;
import io.berth.client.Response;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /build over a real socket: a client that goes away interrupts its build. */
class BuildRoutesIT {
  @TempDir Path dir;

  @Test
  void aClientThatHangsUpInterruptsTheBuildAndTheContextIsDeleted() throws Exception {
    RecordingBuildService builds = new RecordingBuildService();
    try (BuildServer server = BuildServer.start(builds, dir)) {
      EngineClient client = new EngineClient(DockerHost.parse(server.host()));
      byte[] tar = new TestTars().file("Dockerfile", "FROM busybox\nRUN sleep 60\n").bytes();
      Response response =
          client.upload(
              "POST", "/build", Map.of(), "application/x-tar", new ByteArrayInputStream(tar));
      assertThat(builds.sleeping.await(10, TimeUnit.SECONDS)).isTrue();
      response.close();
      assertThat(builds.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      Path contexts = dir.resolve("root/build/contexts");
      for (int i = 0; i < 100 && !isEmpty(contexts); i++) {
        Thread.sleep(50);
      }
      assertThat(contexts).isEmptyDirectory();
    }
  }

  private static boolean isEmpty(Path d) throws Exception {
    try (var list = Files.list(d)) {
      return list.findAny().isEmpty();
    }
  }
}
