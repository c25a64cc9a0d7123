package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mount(2) and umount2(2) for real (needs root). */
class MountsIT {

  @TempDir Path dir;

  @Test
  void mountsAndUnmountsATmpfs() throws Exception {
    Mounts.mount("tmpfs", dir.toString(), "tmpfs", Mounts.MS_NOSUID, "size=1m,mode=0700");
    try {
      Files.writeString(dir.resolve("f"), "x");
      assertThat(Files.readString(Path.of("/proc/self/mounts"))).contains(dir + " tmpfs");
    } finally {
      Mounts.unmount(dir.toString(), Mounts.MNT_DETACH);
    }
    assertThat(dir.resolve("f")).doesNotExist();
  }

  @Test
  void aFailedMountNamesTheCallTheTargetAndTheErrno() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> Mounts.mount("tmpfs", missing.toString(), "tmpfs", 0, ""))
        .isInstanceOfSatisfying(SysException.class, e -> assertThat(e.errno()).isEqualTo(2))
        .hasMessageContaining("mount")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void unmountingWhatIsNotMountedSaysSo() {
    assertThatThrownBy(() -> Mounts.unmount(dir.toString(), 0))
        .isInstanceOfSatisfying(SysException.class, e -> assertThat(Mounts.notMounted(e)).isTrue())
        .hasMessageContaining("umount2")
        .hasMessageContaining("not a mount point");
  }
}
