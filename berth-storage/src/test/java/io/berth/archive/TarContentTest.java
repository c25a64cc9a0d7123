package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A layer's content size as Docker counts it. */
class TarContentTest {

  @Test
  void filesAndSymlinkTargetsCountHardLinksAndDirectoriesDoNot() throws IOException {
    byte[] tar =
        new Tars()
            .dir("d")
            .file("d/a", "12345")
            .file("b", "xy")
            .symlink("l", "d/a")
            .hardlink("h", "d/a")
            .bytes();

    assertThat(TarContent.size(new ByteArrayInputStream(tar))).isEqualTo(5 + 2 + 3);
  }

  @Test
  void aTarThatEndsInsideAnEntryIsRefused() throws IOException {
    byte[] tar = new Tars().file("big", "x".repeat(5000)).bytes();

    assertThatThrownBy(() -> TarContent.size(new ByteArrayInputStream(Arrays.copyOf(tar, 1500))))
        .hasMessageContaining("big");
  }
}
