package io.berth.snapshot.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.snapshot.Snapshotter;
import io.berth.snapshot.SnapshotterContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshotter contract on the overlay snapshotter, with real mounts (needs root). */
class OverlaySnapshotterIT extends SnapshotterContract {

  @Override
  protected Snapshotter open(Path root) {
    return new OverlaySnapshotter(root);
  }

  @Test
  void aViewOverSeveralLayersIsAReadOnlyOverlay() {
    commitLayer("l1", Optional.empty(), "a", "1");
    commitLayer("l2", Optional.of("l1"), "b", "2");

    var mounts = snapshotter.view("v", Optional.of("l2"), Map.of());

    assertThat(mounts).singleElement().satisfies(m -> assertThat(m.type()).isEqualTo("overlay"));
    try (var m = mount(mounts)) {
      assertThat(m.target().resolve("a")).hasContent("1");
      assertThat(m.target().resolve("b")).hasContent("2");
    }
  }

  @Test
  void aChainOf120LayersIsMountedThroughRelativeLowerDirectories() throws Exception {
    // A long root makes every absolute lower directory long: 120 of them exceed a page.
    Path deep = root.resolve("a-root-directory-with-a-long-name-as-some-installations-have");
    snapshotter.close();
    snapshotter = open(deep);
    Optional<String> parent = Optional.empty();
    for (int i = 0; i < 120; i++) {
      commitLayer("l" + i, parent, "f" + i, "layer " + i);
      parent = Optional.of("l" + i);
    }
    int absolute = 120 * (deep.resolve("snapshots/120/fs:").toString().length());
    assertThat(absolute).isGreaterThan(4096);

    try (var m = mount(snapshotter.view("v", parent, Map.of()))) {
      assertThat(m.target().resolve("f0")).hasContent("layer 0");
      assertThat(m.target().resolve("f119")).hasContent("layer 119");
      try (var files = Files.list(m.target())) {
        assertThat(files).hasSize(120);
      }
    }
    try (var m = mount(snapshotter.prepare("rw", parent, Map.of()))) {
      Files.writeString(m.target().resolve("f0"), "changed");
      assertThat(m.target().resolve("f0")).hasContent("changed");
      assertThat(m.target().resolve("f77")).hasContent("layer 77");
    }
    assertThat(snapshotter.upperDirectory("rw").orElseThrow().resolve("f0")).hasContent("changed");
  }

  @Test
  void reopeningAfterACrashKeepsTheCommittedStateAndDropsUnfinishedDirectories() throws Exception {
    commitLayer("l1", Optional.empty(), "a", "1");
    Path snapshots = root.resolve("snapshots");

    // What a crash leaves: a directory never renamed, one renamed but not recorded, one removed.
    Files.createDirectories(snapshots.resolve("7.new/fs"));
    Files.createDirectories(snapshots.resolve("8/fs"));
    Files.createDirectories(snapshots.resolve("9.removed/fs"));
    snapshotter.close();
    snapshotter = open(root);

    try (var entries = Files.list(snapshots)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .filteredOn(n -> !n.startsWith("snapshots.db"))
          .containsExactly("1");
    }
    snapshotter.prepare("next", Optional.of("l1"), Map.of());
    try (var m = mount(snapshotter.mounts("next"))) {
      assertThat(m.target().resolve("a")).hasContent("1");
    }
  }
}
