package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsTest {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  @Test
  void hybridHasV1ControllersAndAUnifiedTree() {
    Cgroups c =
        Cgroups.fromMounts(
            List.of(
                "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0",
                "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
                "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0",
                "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0",
                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0"),
            ROOT);
    assertThat(c.version()).isEqualTo(Cgroups.Version.HYBRID);
    assertThat(c.controllers()).containsExactlyInAnyOrder("memory", "pids");
    assertThat(c.privateNamespaceByDefault()).isFalse();
  }

  @Test
  void v1WithoutUnified() {
    Cgroups c =
        Cgroups.fromMounts(
            List.of("cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0"), ROOT);
    assertThat(c.version()).isEqualTo(Cgroups.Version.V1);
    assertThat(c.controllers()).containsExactlyInAnyOrder("cpu", "cpuacct");
  }

  @Test
  void v2AtTheRootReadsItsControllers(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Cgroups c = Cgroups.fromMounts(List.of("cgroup2 " + root + " cgroup2 rw,nosuid 0 0"), root);
    assertThat(c.version()).isEqualTo(Cgroups.Version.V2);
    assertThat(c.controllers()).containsExactlyInAnyOrder("cpuset", "cpu", "io", "memory", "pids");
    assertThat(c.privateNamespaceByDefault()).isTrue();
  }

  @Test
  void missingControllerIsNamed() {
    Cgroups c = new Cgroups(Cgroups.Version.V1, java.util.Set.of("memory"));
    assertThatThrownBy(() -> c.require("pids", "--pids-limit"))
        .hasMessageContaining("--pids-limit needs the cgroup controller \"pids\"");
  }

  @Test
  void noCgroupsAtAll() {
    assertThatThrownBy(() -> Cgroups.fromMounts(List.of("proc /proc proc rw 0 0"), ROOT))
        .hasMessageContaining("no cgroup filesystem");
  }

  @Test
  void driverPaths() {
    assertThat(CgroupDriver.CGROUPFS.cgroupsPath("abc")).isEqualTo("/berth/abc");
    assertThat(CgroupDriver.SYSTEMD.cgroupsPath("abc")).isEqualTo("system.slice:berth:abc");
    assertThat(CgroupDriver.parse("systemd")).isEqualTo(CgroupDriver.SYSTEMD);
    assertThatThrownBy(() -> CgroupDriver.parse("x")).hasMessageContaining("cgroupfs or systemd");
  }
}
