package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.DockerHost;
import io.berth.client.EngineClient;
import io.berth.daemon.TestDaemon;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over a real unix socket, spoken to by berth's client and by raw bytes. */
class ApiServerIT {
  @TempDir Path dir;
  private TestDaemon daemon;
  private EngineClient client;

  @BeforeEach
  void start() throws IOException {
    daemon = TestDaemon.start(dir);
    client = new EngineClient(DockerHost.parse(daemon.host()));
  }

  @AfterEach
  void stop() throws IOException {
    daemon.close();
  }

  private String raw(String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(daemon.socket()));
      OutputStream out = Channels.newOutputStream(channel);
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = Channels.newInputStream(channel);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void pingAnswersWithDockersHeaders() throws IOException {
    String response = raw("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response)
        .startsWith("HTTP/1.1 200 OK")
        .contains("Api-Version: 1.51", "Docker-Experimental: false", "Ostype: linux")
        .contains("Builder-Version: 1", "Cache-Control: no-cache, no-store, must-revalidate")
        .contains("Pragma: no-cache")
        .endsWith("\r\n\r\nOK");
    assertThat(client.ping().apiVersion()).isEqualTo("1.51");
  }

  @Test
  void aStreamThatWatchesForTheHangUpSaysItClosesTheConnection() throws IOException {
    // A keep-alive request whose connection the server closes after the stream (events until a
    // time in the past end at once): the head must say so, or a pooling client reuses it.
    String response = raw("GET /events?since=1&until=2 HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 OK").contains("Connection: close\r\n");
  }

  @Test
  void keepsTheConnectionOpenBetweenRequests() throws IOException {
    String response =
        raw("GET /_ping HTTP/1.1\r\n\r\nHEAD /v1.44/_ping HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(3);
  }

  @Test
  void versionAndInfoCarryDockersFields() {
    JsonNode version = client.get("/version", Map.of());
    assertThat(version.path("ApiVersion").asText()).isEqualTo("1.51");
    assertThat(version.path("MinAPIVersion").asText()).isEqualTo("1.24");
    assertThat(version.path("Platform").path("Name").asText()).isEqualTo("berth Engine");
    assertThat(version.path("Components").path(0).path("Name").asText()).isEqualTo("Engine");
    assertThat(version.path("Version").asText()).isEqualTo("28.3.0");
    assertThat(version.path("Components").path(0).path("Version").asText()).isNotEqualTo("28.3.0");
    assertThat(version.path("GoVersion").asText()).startsWith("java");

    JsonNode info = client.get("/info", Map.of());
    assertThat(info.path("DockerRootDir").asText()).isEqualTo(daemon.root().toString());
    assertThat(info.path("Containers").asInt()).isZero();
    assertThat(info.path("Driver").asText()).isEqualTo("overlayfs");
    assertThat(info.path("OSType").asText()).isEqualTo("linux");
    assertThat(info.path("Runtimes").has("runc")).isTrue();
    assertThat(info.path("NCPU").asInt()).isPositive();
    assertThat(info.path("ID").asText()).isNotEmpty();
  }

  @Test
  void daemonErrorsComeBackAsTheirKind() {
    assertThatThrownBy(() -> client.get("/containers/nope/json", Map.of()))
        .isInstanceOf(BerthException.class)
        .hasMessage("Error response from daemon: No such container: nope")
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void eventsReplayTheBacklogBetweenSinceAndUntil() {
    Instant now = Instant.now();
    daemon.events().publish(event("container", "create", "c1", now.minusSeconds(30)));
    daemon.events().publish(event("image", "pull", "busybox", now.minusSeconds(20)));
    daemon.events().publish(event("container", "start", "c1", now.minusSeconds(10)));
    List<JsonNode> received = new ArrayList<>();
    client.stream(
        "GET",
        "/events",
        Map.of(
            "since", Long.toString(now.minusSeconds(60).getEpochSecond()),
            "until", Long.toString(now.getEpochSecond()),
            "filters", "{\"type\":{\"container\":true}}"),
        null,
        received::add);
    assertThat(received)
        .extracting(e -> e.path("Action").asText())
        .containsExactly("create", "start");
    assertThat(received.getFirst().path("Actor").path("ID").asText()).isEqualTo("c1");
    assertThat(received.getFirst().path("status").asText()).isEqualTo("create");
  }

  @Test
  void eventsStreamLiveEventsAsTheyHappen() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    Instant until = Instant.now().plusSeconds(3);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () ->
                    client.stream(
                        "GET",
                        "/events",
                        Map.of("until", until.getEpochSecond() + "." + until.getNano()),
                        null,
                        received::add));
    while (daemon.events().subscribers() == 0) {
      Thread.sleep(10);
    }
    daemon.events().publish(event("container", "die", "c2", Instant.now()));
    while (received.isEmpty() && reader.isAlive()) {
      Thread.sleep(10);
    }
    assertThat(received).extracting(e -> e.path("Action").asText()).containsExactly("die");
    reader.join();
  }

  @Test
  void aClientThatHangsUpEndsItsSubscription() throws Exception {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(daemon.socket()));
      Channels.newOutputStream(channel)
          .write("GET /events HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (daemon.events().subscribers() == 0) {
        Thread.sleep(10);
      }
    }
    while (daemon.events().subscribers() != 0) {
      Thread.sleep(10);
    }
    assertThat(daemon.events().subscribers()).isZero();
  }

  @Test
  void anUnreachableSocketIsUnavailableWithDockersHint() {
    EngineClient nowhere = new EngineClient(DockerHost.parse("unix://" + dir.resolve("none.sock")));
    assertThatThrownBy(nowhere::ping)
        .isInstanceOf(BerthException.class)
        .hasMessage(
            "Cannot connect to the berth daemon at unix://"
                + dir.resolve("none.sock")
                + ". Is the berth daemon running?")
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
  }

  private static EngineEvent event(String type, String action, String id, Instant time) {
    return new EngineEvent(type, action, id, Map.of("name", id), time);
  }
}
