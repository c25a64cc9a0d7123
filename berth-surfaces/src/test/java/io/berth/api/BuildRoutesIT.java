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

  @Test
  void theSameTarSentAgainIsReadWhereItWasUnpackedAndAnotherIsUnpackedAnew() throws Exception {
    RecordingBuildService builds = new RecordingBuildService();
    try (BuildServer server = BuildServer.start(builds, dir)) {
      EngineClient client = new EngineClient(DockerHost.parse(server.host()));
      byte[] first =
          new TestTars().file("Dockerfile", "FROM busybox\nCOPY a /a\n").file("a", "one\n").bytes();
      byte[] second =
          new TestTars().file("Dockerfile", "FROM busybox\nCOPY a /a\n").file("a", "two\n").bytes();

      build(client, first);
      build(client, first);
      build(client, second);

      Path once = builds.requests.get(0).context();
      Path again = builds.requests.get(1).context();
      Path other = builds.requests.get(2).context();
      assertThat(again).as("the kept context").isNotEqualTo(once).isDirectory();
      assertThat(Files.readString(again.resolve("a"))).isEqualTo("one\n");
      assertThat(builds.requests.get(1).knownDigests())
          .isEqualTo(builds.requests.get(0).knownDigests())
          .containsKey("a");
      assertThat(builds.contextFiles.get(1)).isEqualTo(builds.contextFiles.get(0));
      assertThat(other).isNotEqualTo(again);
      Path keptSecond = again.resolveSibling(io.berth.oci.Digest.sha256(second).hex());
      assertThat(Files.readString(keptSecond.resolve("a")))
          .as("the second tar, kept beside the first once built")
          .isEqualTo("two\n");
      assertThat(dir.resolve("root/build/contexts"))
          .as("no unpacked or spooled tar left")
          .isEmptyDirectory();
    }
  }

  private static void build(EngineClient client, byte[] tar) throws Exception {
    try (Response response =
        client.upload(
            "POST", "/build?q=1", Map.of(), "application/x-tar", new ByteArrayInputStream(tar))) {
      response.body().readAllBytes();
    }
  }

  private static boolean isEmpty(Path d) throws Exception {
    try (var list = Files.list(d)) {
      return list.findAny().isEmpty();
    }
  }
}
