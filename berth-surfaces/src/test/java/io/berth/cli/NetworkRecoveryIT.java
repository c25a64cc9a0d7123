package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon killed with SIGKILL while a container publishes a port leaves its namespace, its address
 * and its DNAT rule behind; started again on the same root it releases them all, and the same port
 * can be published again.
 */
class NetworkRecoveryIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;

  private final String bridge =
      "bt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  @Test
  void aKilledDaemonsNetworkIsReleasedWhenItStartsAgain() throws Exception {
    Path root = dir.resolve("root");
    Path socket = dir.resolve("berth.sock");
    String subnet = freeSubnet();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    Process first = daemon(root, socket, subnet);
    try {
      importImage(socket);
      assertThat(
              docker(
                      socket,
                      "run",
                      "-d",
                      "-p",
                      port + ":80",
                      "--name",
                      "web",
                      "web:test",
                      "httpd",
                      "-f",
                      "-p",
                      "80",
                      "-h",
                      "/www")
                  .code())
          .isZero();
      assertThat(NetworkIT.get("127.0.0.1", port)).contains("hello");
      assertThat(mounts()).contains(root.resolve("network/netns").toString());
      assertThat(nat()).contains("--dport " + port + " -j DNAT");
    } finally {
      first.destroyForcibly();
      first.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(nat()).as("left behind by the kill").contains("--dport " + port + " -j DNAT");

    Process second = daemon(root, socket, subnet);
    try {
      assertThat(mounts()).doesNotContain(root.resolve("network/netns").toString());
      assertThat(nat()).doesNotContain("--dport " + port + " -j DNAT");
      assertThat(root.resolve("network/ipam")).doesNotExist();
      assertThat(docker(socket, "ps", "-a", "--format", "{{.Names}} {{.Status}}").out())
          .startsWith("web Exited (255)");
      assertThat(docker(socket, "start", "web").code()).isZero();
      assertThat(NetworkIT.get("127.0.0.1", port)).contains("hello");
      assertThat(docker(socket, "rm", "-f", "web").code()).isZero();
    } finally {
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.exists(Path.of("/sys/class/net", bridge))).as("bridge removed").isFalse();
    assertThat(nat()).doesNotContain("BERTH-" + bridge.toUpperCase(java.util.Locale.ROOT));
  }

  /** A /24 of 10.213.0.0/16 that no route of this host covers. */
  private static String freeSubnet() throws Exception {
    String routes = run("ip", "-4", "route");
    for (int i = 0; i < 100; i++) {
      int third = 150 + ThreadLocalRandom.current().nextInt(100);
      if (!routes.contains("10.213." + third + ".")) {
        return "10.213." + third + ".1/24";
      }
    }
    throw new IllegalStateException("no free subnet in 10.213.150-249.0/24");
  }

  private Process daemon(Path root, Path socket, String bip) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.berth.daemon.DaemonMain",
                "--root",
                root.toString(),
                "-H",
                "unix://" + socket,
                "--bridge",
                bridge,
                "--bip",
                bip,
                "--log-level",
                "warn"));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (answers(socket)) {
        return p;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the daemon ended: " + Files.readString(dir.resolve("daemon.log")));
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the daemon did not answer in 60 s");
  }

  private static boolean answers(Path socket) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void importImage(Path socket) throws Exception {
    Path rootfs = dir.resolve("rootfs");
    for (String d : List.of("bin", "www")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    Files.createSymbolicLink(rootfs.resolve("bin/httpd"), Path.of("busybox"));
    Files.writeString(rootfs.resolve("www/index.html"), "hello\n");
    Path tar = dir.resolve("image.tar");
    run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    assertThat(docker(socket, "import", tar.toString(), "web:test").code()).isZero();
  }

  private NetworkIT.Result docker(Path socket, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", "unix://" + socket);
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new NetworkIT.Result(p.exitValue(), out);
  }

  private static String mounts() throws IOException {
    return Files.readString(Path.of("/proc/self/mountinfo"));
  }

  private static String nat() throws Exception {
    return run("iptables-save", "-t", "nat");
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
