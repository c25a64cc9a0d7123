package io.berth.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.mount.MountManager.Mounted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount values put on and taken off for real (needs root). */
class MountManagerIT {

  @TempDir Path source;
  @TempDir Path scratch;

  @Test
  void aReadOnlyBindIsRemountedReadOnly() throws IOException {
    Files.writeString(source.resolve("f"), "content");

    try (Mounted m =
        MountManager.mountedTemporarily(
            List.of(new Mount("bind", source.toString(), List.of("rbind", "ro"))), scratch)) {
      assertThat(m.target().resolve("f")).hasContent("content");
      assertThatThrownBy(() -> Files.writeString(m.target().resolve("g"), "x"))
          .isInstanceOf(IOException.class);
    }
    Files.writeString(source.resolve("g"), "still writable here");
  }

  @Test
  void closingTheScopeUnmountsEverythingStacked() throws IOException {
    Path target = Files.createDirectory(scratch.resolve("t"));
    Mount tmpfs = new Mount("tmpfs", "tmpfs", List.of("nosuid", "size=1m"));

    try (Mounted m = MountManager.mounted(List.of(tmpfs, tmpfs), target)) {
      Files.writeString(m.target().resolve("top"), "x");
    }

    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(target.toString());
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void aFailedMountUndoesTheOnesBeforeItAndNamesTheTarget() throws IOException {
    Path target = Files.createDirectory(scratch.resolve("t"));
    Mount good = new Mount("tmpfs", "tmpfs", List.of());
    Mount bad = new Mount("bind", source.resolve("missing").toString(), List.of("rbind"));

    assertThatThrownBy(() -> MountManager.mountAll(List.of(good, bad), target))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("missing");

    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(target.toString());
    MountManager.unmount(target);
  }
}
