package io.berth.snapshot.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.mount.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mounts the overlay snapshotter hands out, checked without mounting them. */
class OverlaySnapshotterTest {

  @TempDir Path root;
  OverlaySnapshotter snapshotter;

  @BeforeEach
  void open() {
    snapshotter = new OverlaySnapshotter(root);
  }

  @AfterEach
  void close() {
    snapshotter.close();
  }

  @Test
  void anActiveSnapshotWithoutParentIsAWritableBind() {
    List<Mount> mounts = snapshotter.prepare("a", Optional.empty(), Map.of());

    assertThat(mounts).containsExactly(new Mount("bind", fs(1).toString(), List.of("rbind", "rw")));
  }

  @Test
  void anActiveSnapshotOverAChainListsItsLowerDirectoriesTopFirst() {
    chain(3);

    List<Mount> mounts = snapshotter.prepare("top", Optional.of("c3"), Map.of());

    assertThat(mounts)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.type()).isEqualTo("overlay");
              assertThat(m.options())
                  .contains(
                      "lowerdir=" + fs(3) + ":" + fs(2) + ":" + fs(1),
                      "upperdir=" + fs(4),
                      "workdir=" + root.resolve("snapshots/4/work"))
                  .doesNotContain("ro");
            });
  }

  @Test
  void aViewOfOneLayerIsAReadOnlyBindOfIt() {
    chain(1);

    assertThat(snapshotter.view("v", Optional.of("c1"), Map.of()))
        .containsExactly(new Mount("bind", fs(1).toString(), List.of("ro", "rbind")));
  }

  @Test
  void aChainTooLongForOnePageOfOptionsIsRefusedClearly() {
    Optional<String> parent = Optional.empty();
    int layers = 0;
    BerthException refused = null;
    while (refused == null && layers < 1000) {
      try {
        snapshotter.prepare("k" + (layers + 1), parent, Map.of());
      } catch (BerthException e) {
        refused = e;
        break;
      }
      layers++;
      snapshotter.commit("c" + layers, "k" + layers);
      parent = Optional.of("c" + layers);
    }

    assertThat(refused).isNotNull();
    assertThat(refused.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
    assertThat(refused).hasMessageContaining(layers + " lower layers").hasMessageContaining("4095");
    assertThat(snapshotter.stat("k" + (layers + 1))).isEmpty();
    assertThat(root.resolve("snapshots").resolve(Integer.toString(layers + 1))).doesNotExist();
  }

  private void chain(int length) {
    Optional<String> parent = Optional.empty();
    for (int i = 1; i <= length; i++) {
      snapshotter.prepare("k" + i, parent, Map.of());
      snapshotter.commit("c" + i, "k" + i);
      parent = Optional.of("c" + i);
    }
  }

  private Path fs(long id) {
    return root.resolve("snapshots").resolve(Long.toString(id)).resolve("fs");
  }
}
