package io.berth.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Overlay options shortened to relative directories when a page is not enough. */
class OverlayOptionsTest {

  private static String lowers(String root, int count) {
    List<String> dirs = new ArrayList<>();
    for (int i = count; i > 0; i--) {
      dirs.add(root + "/snapshots/" + i + "/fs");
    }
    return "lowerdir=" + String.join(":", dirs);
  }

  @Test
  void shortOptionsAreKeptAsTheyAre() {
    String data = "index=off,ro," + lowers("/var/lib/berth", 3);

    assertThat(OverlayOptions.of(data)).isEqualTo(new OverlayOptions(Optional.empty(), data));
  }

  @Test
  void longOptionsAreMadeRelativeToTheSharedDirectory() {
    String root = "/var/lib/berth";
    String data =
        "index=off,"
            + lowers(root, 150)
            + ",upperdir="
            + root
            + "/snapshots/151/fs,workdir="
            + root
            + "/snapshots/151/work";

    OverlayOptions shortened = OverlayOptions.of(data);

    assertThat(OverlayOptions.fits(data)).isFalse();
    assertThat(shortened.directory()).contains(Path.of(root, "snapshots"));
    assertThat(shortened.data())
        .startsWith("index=off,lowerdir=150/fs:149/fs:")
        .endsWith(":1/fs,upperdir=151/fs,workdir=151/work");
    assertThat(shortened.fitsInAPage()).isTrue();
  }

  @Test
  void tooManyLayersStillDoNotFit() {
    assertThat(OverlayOptions.of("ro," + lowers("/r", 700)).fitsInAPage()).isFalse();
  }
}
