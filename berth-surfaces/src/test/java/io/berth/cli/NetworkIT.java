package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.daemon.TestDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container networking with real processes, through the real docker CLI and berth's: a busybox
 * httpd published with {@code -p} and {@code -P} answers the test's JVM on 127.0.0.1 and on the
 * host's own address; containers on a user-defined network reach each other by name and alias, and
 * not across networks; a port already taken gives Docker's error and leaves no container; the
 * network commands read as docker's.
 */
class NetworkIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final List<String> APPLETS =
      List.of("sh", "httpd", "wget", "echo", "cat", "sleep", "hostname", "timeout", "ip", "true");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static TestDaemon daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    Path rootfs = dir.resolve("rootfs");
    for (String d : List.of("bin", "etc", "tmp", "www")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(rootfs.resolve("www/index.html"), "hello from httpd\n");
    Path tar = dir.resolve("busybox.tar");
    Process p =
        new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
    Result imported = docker("import", "--change", "EXPOSE 80", tar.toString(), "web:test");
    assertThat(imported.code()).as(imported.out()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  record Result(int code, String out) {}

  static Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static CliRun berth(String... args) {
    return CliRun.of(Map.of("BERTH_HOST", daemon.host()), args);
  }

  static String[] httpd(String... before) {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    args.addAll(List.of(before));
    args.addAll(List.of("web:test", "httpd", "-f", "-p", "80", "-h", "/www"));
    return args.toArray(String[]::new);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The first IPv4 address of an interface that is up, not loopback and not a bridge of ours. */
  static String hostAddress() throws IOException {
    for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String name = i.getName();
      if (!i.isUp()
          || i.isLoopback()
          || name.startsWith("bt")
          || name.startsWith("berth")
          || name.startsWith("docker")
          || name.startsWith("br-")
          || name.startsWith("veth")) {
        continue;
      }
      for (InetAddress a : Collections.list(i.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return a.getHostAddress();
        }
      }
    }
    throw new IllegalStateException("no non-loopback IPv4 address on this host");
  }

  /** The body of {@code GET /} at {@code host:port}, retried while the server starts. */
  static String get(String host, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 2000);
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (response.startsWith("HTTP/1")) {
          return response;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IOException("no answer from " + host + ":" + port, last);
  }

  static JsonNode inspect(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("inspect"));
    all.addAll(List.of(args));
    Result r = docker(all.toArray(String[]::new));
    assertThat(r.code()).as(r.out()).isZero();
    return JSON.readTree(r.out()).get(0);
  }

  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String iptablesNat() throws Exception {
    Process p = new ProcessBuilder("iptables-save", "-t", "nat").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void aPublishedPortAnswersOnLoopbackAndOnTheHostsAddress() throws Exception {
    int port = freePort();
    Result run = docker(httpd("-p", port + ":80", "--name", "web1"));
    assertThat(run.code()).as(run.out()).isZero();
    try {
      assertThat(get("127.0.0.1", port)).contains("200 OK").contains("hello from httpd");
      assertThat(get(hostAddress(), port)).contains("hello from httpd");
      assertThat(get("localhost", port)).contains("hello from httpd");

      assertThat(docker("port", "web1").out())
          .isEqualTo("80/tcp -> 0.0.0.0:%d\n80/tcp -> [::]:%d\n".formatted(port, port));
      assertThat(docker("port", "web1", "80").out())
          .isEqualTo("0.0.0.0:%d\n[::]:%d\n".formatted(port, port));
      String dockerPorts = docker("ps", "--filter", "name=web1", "--format", "{{.Ports}}").out();
      assertThat(dockerPorts)
          .isEqualTo("0.0.0.0:%d->80/tcp, [::]:%d->80/tcp\n".formatted(port, port));
      assertThat(berth("ps", "--filter", "name=web1", "--format", "{{.Ports}}").out())
          .isEqualTo(dockerPorts);
      assertThat(berth("port", "web1").out()).isEqualTo(docker("port", "web1").out());

      JsonNode c = inspect("web1");
      assertThat(
              c.path("HostConfig")
                  .path("PortBindings")
                  .path("80/tcp")
                  .get(0)
                  .path("HostPort")
                  .asText())
          .isEqualTo(Integer.toString(port));
      JsonNode bridge = c.path("NetworkSettings").path("Networks").path("bridge");
      assertThat(bridge.path("IPAddress").asText()).matches("10\\.213\\.[0-9]+\\.[0-9]+");
      assertThat(bridge.path("Gateway").asText()).endsWith(".1");
      assertThat(c.path("NetworkSettings").path("IPAddress").asText())
          .isEqualTo(bridge.path("IPAddress").asText());
      assertThat(c.path("NetworkSettings").path("SandboxKey").asText()).isNotEmpty();
      assertThat(iptablesNat()).contains("--dport " + port + " -j DNAT");
    } finally {
      assertThat(docker("rm", "-f", "web1").code()).isZero();
    }
    assertThat(bindable(port)).as("the host port is free again").isTrue();
    // The DNAT rules go just after, with the interface (released in the background).
    assertThat(eventually(() -> !iptablesNat().contains("--dport " + port + " -j DNAT")))
        .as("the DNAT rules are gone")
        .isTrue();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }

  /** Whether {@code condition} holds within 5 seconds. */
  static boolean eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Test
  void aContainerReplacedAtOnceGetsItsPortAndAFreshStack() throws Exception {
    // rm -f answers before the old interface and namespace are released; the next run -p of the
    // same port waits for that release, then answers on the port, every time.
    int port = freePort();
    Set<String> addresses = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++) {
      Result run = docker(httpd("-p", port + ":80", "--name", "swap"));
      assertThat(run.code()).as(run.out()).isZero();
      assertThat(get("127.0.0.1", port)).contains("hello from httpd");
      addresses.add(inspect("swap").path("NetworkSettings").path("IPAddress").asText());
      assertThat(docker("rm", "-f", "swap").code()).isZero();
    }
    assertThat(addresses).doesNotContain("");
    Path netns = daemon.root().resolve("network/netns");
    assertThat(eventually(() -> !Files.exists(netns) || isEmpty(netns)))
        .as("no network namespace is left")
        .isTrue();
    String nat = iptablesNat();
    assertThat(eventually(() -> !iptablesNat().contains("--dport " + port + " -j DNAT")))
        .as("no DNAT rule is left: %s", nat)
        .isTrue();
    // A user-defined network can be removed at once after its last container.
    assertThat(docker("network", "create", "brief").code()).isZero();
    assertThat(
            docker(
                    "run",
                    "-d",
                    "--name",
                    "briefly",
                    "--network",
                    "brief",
                    "web:test",
                    "sleep",
                    "60")
                .code())
        .isZero();
    assertThat(docker("rm", "-f", "briefly").code()).isZero();
    Result rm = docker("network", "rm", "brief");
    assertThat(rm.code()).as(rm.out()).isZero();
  }

  @Test
  void publishAllGivesEveryExposedPortAFreeHostPort() throws Exception {
    Result run = docker(httpd("-P", "--name", "web2"));
    assertThat(run.code()).as(run.out()).isZero();
    try {
      String line = docker("port", "web2", "80/tcp").out().lines().findFirst().orElseThrow();
      assertThat(line).startsWith("0.0.0.0:");
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
      assertThat(get("127.0.0.1", port)).contains("hello from httpd");
      assertThat(get(hostAddress(), port)).contains("hello from httpd");
    } finally {
      docker("rm", "-f", "web2");
    }
  }

  @Test
  void containersOnAUserNetworkReachEachOtherByNameAndByAlias() throws Exception {
    assertThat(docker("network", "create", "appnet").code()).isZero();
    try {
      Result srv = docker(httpd("--network", "appnet", "--name", "srv", "--network-alias", "www"));
      assertThat(srv.code()).as(srv.out()).isZero();
      Result byName =
          docker(
              "run",
              "--rm",
              "--network",
              "appnet",
              "web:test",
              "wget",
              "-q",
              "-O",
              "-",
              "http://srv/");
      assertThat(byName.out()).isEqualTo("hello from httpd\n");
      Result byAlias =
          docker(
              "run",
              "--rm",
              "--network",
              "appnet",
              "web:test",
              "wget",
              "-q",
              "-O",
              "-",
              "http://www/");
      assertThat(byAlias.out()).isEqualTo("hello from httpd\n");

      JsonNode net = inspect("--type", "network", "appnet");
      assertThat(net.path("Containers").toString()).contains("\"Name\":\"srv\"");
      JsonNode endpoint = inspect("srv").path("NetworkSettings").path("Networks").path("appnet");
      assertThat(endpoint.path("Aliases").toString()).contains("www");
      assertThat(endpoint.path("DNSNames").toString()).contains("srv", "www");
    } finally {
      docker("rm", "-f", "srv");
      assertThat(docker("network", "rm", "appnet").out()).isEqualTo("appnet\n");
    }
  }

  @Test
  void twoNetworksAreIsolatedUntilAContainerIsConnected() throws Exception {
    assertThat(docker("network", "create", "neta").code()).isZero();
    assertThat(docker("network", "create", "netb").code()).isZero();
    try {
      assertThat(docker(httpd("--network", "neta", "--name", "isrv")).code()).isZero();
      String address =
          inspect("isrv")
              .path("NetworkSettings")
              .path("Networks")
              .path("neta")
              .path("IPAddress")
              .asText();
      assertThat(
              docker("run", "-d", "--network", "netb", "--name", "icli", "web:test", "sleep", "60")
                  .code())
          .isZero();
      Result blocked =
          docker(
              "exec", "icli", "timeout", "3", "wget", "-q", "-O", "-", "http://" + address + "/");
      assertThat(blocked.code()).as(blocked.out()).isNotZero();

      assertThat(docker("network", "connect", "neta", "icli").code()).isZero();
      Result reached = docker("exec", "icli", "wget", "-q", "-O", "-", "http://isrv/");
      assertThat(reached.out()).isEqualTo("hello from httpd\n");
      assertThat(inspect("icli").path("NetworkSettings").path("Networks").has("neta")).isTrue();

      assertThat(docker("network", "disconnect", "neta", "icli").code()).isZero();
      Result again =
          docker(
              "exec", "icli", "timeout", "3", "wget", "-q", "-O", "-", "http://" + address + "/");
      assertThat(again.code()).isNotZero();
    } finally {
      docker("rm", "-f", "isrv", "icli");
      docker("network", "rm", "neta", "netb");
    }
  }

  @Test
  void aPortAlreadyAllocatedGivesDockersErrorAndLeavesNoContainer() throws Exception {
    int port = freePort();
    assertThat(docker(httpd("-p", port + ":80", "--name", "holder")).code()).isZero();
    try {
      Result second = docker(httpd("-p", port + ":80", "--name", "second"));
      assertThat(second.code()).isEqualTo(125);
      assertThat(second.out())
          .contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
      assertThat(docker("ps", "-a", "--filter", "name=second", "-q").out()).isEmpty();
      CliRun berthSecond = berth(httpd("-p", port + ":80", "--name", "second"));
      assertThat(berthSecond.code()).isEqualTo(125);
      assertThat(berthSecond.err())
          .contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
      assertThat(get("127.0.0.1", port)).contains("hello from httpd");
    } finally {
      docker("rm", "-f", "holder");
    }
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", port));
      Result third = docker(httpd("-p", port + ":80", "--name", "third"));
      assertThat(third.code()).isEqualTo(125);
      assertThat(third.out()).contains("address already in use");
      assertThat(docker("ps", "-a", "--filter", "name=third", "-q").out()).isEmpty();
    }
  }

  @Test
  void theNetworkCommandsReadAsDockers() throws Exception {
    Result created = docker("network", "create", "--label", "team=blue", "--internal", "clinet");
    assertThat(created.code()).as(created.out()).isZero();
    assertThat(created.out().strip()).matches("[0-9a-f]{64}");
    try {
      String ls = docker("network", "ls").out();
      assertThat(ls).startsWith("NETWORK ID").contains(" clinet ", " bridge ", " host ", " none ");
      assertThat(berth("network", "ls").out()).isEqualTo(ls);
      assertThat(
              berth("network", "ls", "--filter", "label=team=blue", "--format", "{{.Name}}").out())
          .isEqualTo("clinet\n");
      JsonNode n = inspect("--type", "network", "clinet");
      assertThat(n.path("Driver").asText()).isEqualTo("bridge");
      assertThat(n.path("Internal").asBoolean()).isTrue();
      assertThat(n.path("IPAM").path("Config").get(0).path("Subnet").asText())
          .matches("10\\.213\\.[0-9]+\\.0/24");
      assertThat(docker("network", "create", "clinet").out())
          .contains("network with name clinet already exists");
      assertThat(docker("network", "rm", "bridge").out())
          .contains("bridge is a pre-defined network and cannot be removed");
      CliRun inspected =
          berth("network", "inspect", "--format", "{{.Name}} {{.Internal}}", "clinet");
      assertThat(inspected.out()).isEqualTo("clinet true\n");
    } finally {
      assertThat(berth("network", "rm", "clinet").out()).isEqualTo("clinet\n");
    }
    assertThat(docker("network", "inspect", "clinet").code()).isEqualTo(1);
  }

  @Test
  void hostsAndResolverFilesFollowTheFlags() throws Exception {
    Result r =
        docker(
            "run",
            "--rm",
            "--hostname",
            "h1",
            "--add-host",
            "db:10.0.0.9",
            "--add-host",
            "gw:host-gateway",
            "--dns",
            "192.0.2.53",
            "--dns-search",
            "example.org",
            "web:test",
            "cat",
            "/etc/hosts",
            "/etc/resolv.conf");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("127.0.0.1\tlocalhost\n")
        .contains("10.0.0.9\tdb\n")
        .containsPattern("10\\.213\\.[0-9]+\\.1\tgw\n")
        .containsPattern("10\\.213\\.[0-9]+\\.[0-9]+\th1\n")
        .contains("nameserver 192.0.2.53\n")
        .contains("search example.org\n");
    Result published =
        docker("run", "--rm", "-p", "127.0.0.1::80", "--network", "host", "web:test", "true");
    assertThat(published.out())
        .contains("Published ports are discarded when using host network mode");
  }

  @Test
  void portRangesReadAsDockersInPs() throws Exception {
    int first = freePort();
    while (!bindable(first + 1) || !bindable(first + 2)) {
      first = freePort();
    }
    String range = first + "-" + (first + 2);
    Result run =
        docker(
            httpd("-p", "127.0.0.1:" + range + ":80-82", "--expose", "9000", "--name", "ranged"));
    assertThat(run.code()).as(run.out()).isZero();
    try {
      String dockerPorts = docker("ps", "--filter", "name=ranged", "--format", "{{.Ports}}").out();
      assertThat(dockerPorts)
          .isEqualTo(
              "9000/tcp, 127.0.0.1:%d->80/tcp, 127.0.0.1:%d->81/tcp, 127.0.0.1:%d->82/tcp\n"
                  .formatted(first, first + 1, first + 2));
      assertThat(berth("ps", "--filter", "name=ranged", "--format", "{{.Ports}}").out())
          .isEqualTo(dockerPorts);
      assertThat(get("127.0.0.1", first)).contains("hello from httpd");
      assertThat(docker("ps", "--filter", "publish=" + (first + 1), "--format", "{{.Names}}").out())
          .isEqualTo("ranged\n");
    } finally {
      docker("rm", "-f", "ranged");
    }
  }
}
