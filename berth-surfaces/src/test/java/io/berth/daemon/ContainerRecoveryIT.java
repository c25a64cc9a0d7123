package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.container.ContainerConfig;
import io.berth.container.ContainerService;
import io.berth.container.ContainerState;
import io.berth.container.CreateRequest;
import io.berth.container.HostConfig;
import io.berth.container.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that stops takes its containers down cleanly; started again on the same root it finds
 * them, and its restart policies bring back those that should run.
 */
class ContainerRecoveryIT {

  @TempDir Path dir;

  @Test
  void containersSurviveADaemonRestartAndAlwaysOnesComeBack() throws Exception {
    String always;
    String plain;
    try (TestDaemon first = TestDaemon.start(dir)) {
      ContainerService containers = first.containers();
      importBusybox(first);
      always = run(containers, "keeper", RestartPolicy.of("always", 0));
      plain = run(containers, "plain", RestartPolicy.NO);
      assertThat(containers.inspect(always).state().status())
          .isEqualTo(ContainerState.Status.RUNNING);
    }
    try (TestDaemon second = TestDaemon.start(dir)) {
      ContainerService containers = second.containers();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline
          && containers.inspect(always).state().status() != ContainerState.Status.RUNNING) {
        Thread.sleep(100);
      }
      assertThat(containers.inspect(always).state().status())
          .isEqualTo(ContainerState.Status.RUNNING);
      assertThat(containers.inspect("plain").state().status())
          .isEqualTo(ContainerState.Status.EXITED);
      assertThat(containers.inspect(plain).name()).isEqualTo("plain");
      containers.remove(always, true, true);
      containers.remove(plain, true, true);
    }
  }

  private static String run(ContainerService containers, String name, RestartPolicy policy) {
    ContainerConfig config = ContainerConfig.of("bb:recover", List.of("sleep", "100"));
    HostConfig host = HostConfig.defaults().withRestartPolicy(policy);
    String id = containers.create(new CreateRequest(Optional.of(name), config, host, false)).id();
    containers.start(id);
    return id;
  }

  static void importBusybox(TestDaemon daemon) throws Exception {
    Path rootfs = Files.createDirectories(daemon.root().resolveSibling("rootfs"));
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    Files.createSymbolicLink(rootfs.resolve("bin/sleep"), Path.of("busybox"));
    Path tar = daemon.root().resolveSibling("busybox.tar");
    run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
    String docker =
        Files.isExecutable(Path.of("/usr/local/bin/docker"))
            ? "/usr/local/bin/docker"
            : "/usr/bin/docker";
    ProcessBuilder pb = new ProcessBuilder(docker, "import", tar.toString(), "bb:recover");
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", daemon.root().resolveSibling("dc").toString());
    assertThat(pb.inheritIO().start().waitFor()).isZero();
  }

  private static void run(String... command) throws Exception {
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
  }
}
