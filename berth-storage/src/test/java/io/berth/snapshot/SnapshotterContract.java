package io.berth.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.mount.Mount;
import io.berth.mount.MountManager;
import io.berth.mount.MountManager.Mounted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Snapshotter} must do, run against each implementation by a subclass that says
 * how to open one; the mounts it returns are mounted for real, so subclasses are integration tests
 * run as root.
 */
public abstract class SnapshotterContract {

  @TempDir protected Path root;
  @TempDir protected Path scratch;
  protected Snapshotter snapshotter;

  /** Opens the implementation on {@code root}, as after a restart when something is there. */
  protected abstract Snapshotter open(Path root);

  @BeforeEach
  void openSnapshotter() {
    snapshotter = open(root);
  }

  @AfterEach
  void closeSnapshotter() {
    snapshotter.close();
  }

  @Test
  void anEmptyActiveSnapshotMountsWritable() throws IOException {
    List<Mount> mounts = snapshotter.prepare("a", Optional.empty(), Map.of());

    try (Mounted m = mount(mounts)) {
      Files.writeString(m.target().resolve("hello"), "world");
    }

    try (Mounted m = mount(snapshotter.mounts("a"))) {
      assertThat(m.target().resolve("hello")).hasContent("world");
    }
  }

  @Test
  void filesOfLowerLayersShowThroughAChain() throws IOException {
    commitLayer("layer1", Optional.empty(), "one", "1");
    commitLayer("layer2", Optional.of("layer1"), "two", "2");
    List<Mount> mounts = snapshotter.prepare("top", Optional.of("layer2"), Map.of());

    try (Mounted m = mount(mounts)) {
      assertThat(m.target().resolve("one")).hasContent("1");
      assertThat(m.target().resolve("two")).hasContent("2");
      Files.writeString(m.target().resolve("one"), "changed");
    }

    try (Mounted m = mount(snapshotter.view("look", Optional.of("layer2"), Map.of()))) {
      assertThat(m.target().resolve("one")).hasContent("1");
      assertThatThrownBy(() -> Files.writeString(m.target().resolve("new"), "x"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aViewOfOneLayerIsReadOnly() throws IOException {
    commitLayer("layer1", Optional.empty(), "one", "1");

    List<Mount> mounts = snapshotter.view("v", Optional.of("layer1"), Map.of());

    assertThat(mounts).allMatch(Mount::readOnly);
    try (Mounted m = mount(mounts)) {
      assertThat(m.target().resolve("one")).hasContent("1");
      assertThatThrownBy(() -> Files.delete(m.target().resolve("one")))
          .isInstanceOf(IOException.class);
    }
    assertThat(snapshotter.stat("v").orElseThrow().kind()).isEqualTo(Kind.VIEW);
  }

  @Test
  void aWhiteoutInTheUpperDirectoryHidesALowerFile() throws Exception {
    commitLayer("layer1", Optional.empty(), "gone", "soon");
    snapshotter.prepare("top", Optional.of("layer1"), Map.of());
    Path upper = snapshotter.upperDirectory("top").orElseThrow();

    run("mknod", upper.resolve("gone").toString(), "c", "0", "0");

    try (Mounted m = mount(snapshotter.mounts("top"))) {
      assertThat(m.target().resolve("gone")).doesNotExist();
    }
  }

  @Test
  void aContainersDiffIsReadFromTheUpperDirectory() throws IOException {
    commitLayer("layer1", Optional.empty(), "base", "b");
    snapshotter.prepare("top", Optional.of("layer1"), Map.of());

    try (Mounted m = mount(snapshotter.mounts("top"))) {
      Files.writeString(m.target().resolve("added"), "a");
    }

    Path upper = snapshotter.upperDirectory("top").orElseThrow();
    try (var entries = Files.list(upper)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("added");
    }
  }

  @Test
  void commitTurnsAnActiveSnapshotIntoACommittedOne() {
    snapshotter.prepare("extract", Optional.empty(), Map.of("origin", "test"));

    snapshotter.commit("sha256:abc", "extract");

    assertThat(snapshotter.stat("extract")).isEmpty();
    Info info = snapshotter.stat("sha256:abc").orElseThrow();
    assertThat(info.kind()).isEqualTo(Kind.COMMITTED);
    assertThat(info.labels()).containsEntry("origin", "test");
    assertThat(snapshotter.upperDirectory("sha256:abc")).isEmpty();
    assertThat(snapshotter.list()).extracting(Info::name).containsExactly("sha256:abc");
  }

  @Test
  void theSecondCommitUnderOneNameIsAConflictAndKeepsItsKey() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<String> unpacker =
          () -> {
            String key = "extract-" + Thread.currentThread().threadId();
            snapshotter.prepare(key, Optional.empty(), Map.of());
            try {
              snapshotter.commit("sha256:layer", key);
              return "committed";
            } catch (BerthException e) {
              assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
              assertThat(snapshotter.stat(key).orElseThrow().kind()).isEqualTo(Kind.ACTIVE);
              snapshotter.remove(key);
              return "exists";
            }
          };
      Future<String> first = pool.submit(unpacker);
      Future<String> second = pool.submit(unpacker);
      assertThat(List.of(first.get(), second.get()))
          .containsExactlyInAnyOrder("committed", "exists");
    } finally {
      pool.shutdown();
    }
    assertThat(snapshotter.list()).extracting(Info::name).containsExactly("sha256:layer");
  }

  @Test
  void removeRefusesASnapshotThatIsAParent() {
    commitLayer("layer1", Optional.empty(), "one", "1");
    snapshotter.prepare("child", Optional.of("layer1"), Map.of());

    assertThatThrownBy(() -> snapshotter.remove("layer1"))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
        .hasMessageContaining("layer1")
        .hasMessageContaining("child");

    snapshotter.remove("child");
    snapshotter.remove("layer1");
    assertThat(snapshotter.list()).isEmpty();
  }

  @Test
  void badRequestsGetTheRightKind() {
    snapshotter.prepare("active", Optional.empty(), Map.of());

    assertKind(() -> snapshotter.prepare("active", Optional.empty(), Map.of()), ErrorKind.CONFLICT);
    assertKind(
        () -> snapshotter.prepare("x", Optional.of("missing"), Map.of()), ErrorKind.NOT_FOUND);
    assertKind(
        () -> snapshotter.prepare("x", Optional.of("active"), Map.of()),
        ErrorKind.FAILED_PRECONDITION);
    assertKind(() -> snapshotter.commit("n", "missing"), ErrorKind.NOT_FOUND);
    assertKind(() -> snapshotter.remove("missing"), ErrorKind.NOT_FOUND);
    assertKind(() -> snapshotter.mounts("missing"), ErrorKind.NOT_FOUND);
    assertThat(snapshotter.stat("x")).isEmpty();
  }

  @Test
  void usageCountsTheSnapshotsOwnFiles() throws IOException {
    snapshotter.prepare("a", Optional.empty(), Map.of());
    Path upper = snapshotter.upperDirectory("a").orElseThrow();
    Files.write(upper.resolve("data"), new byte[10_000]);
    Files.createLink(upper.resolve("link"), upper.resolve("data"));

    Usage usage = snapshotter.usage("a");

    assertThat(usage.bytes()).isEqualTo(10_000);
    assertThat(usage.inodes()).isEqualTo(2);
  }

  @Test
  void labelsGivenAtCommitJoinThoseGivenAtPrepareAndSurviveReopening() {
    snapshotter.prepare("extract", Optional.empty(), Map.of("origin", "test", "k", "old"));

    snapshotter.commit("sha256:abc", "extract", Map.of("k", "new", "added", "1"));
    snapshotter.close();
    snapshotter = open(root);

    assertThat(snapshotter.stat("sha256:abc").orElseThrow().labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("origin", "test", "k", "new", "added", "1"));
  }

  @Test
  void aCommittedSnapshotsLayerDirectoryHoldsWhatItsUpperDirectoryHeld() throws Exception {
    commitLayer("layer1", Optional.empty(), "base", "b");
    snapshotter.prepare("top", Optional.of("layer1"), Map.of());
    try (Mounted m = mount(snapshotter.mounts("top"))) {
      Files.writeString(m.target().resolve("added"), "a");
      Files.delete(m.target().resolve("base"));
    }
    Path upper = snapshotter.upperDirectory("top").orElseThrow();
    snapshotter.sync("top");

    assertThat(snapshotter.layerDirectory("top")).isEmpty();
    snapshotter.commit("layer2", "top");

    Path layer = snapshotter.layerDirectory("layer2").orElseThrow();
    assertThat(layer).isEqualTo(upper);
    assertThat(layer.resolve("added")).hasContent("a");
    assertThat(Files.getAttribute(layer.resolve("base"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
        .as("the deletion, as an overlay whiteout")
        .isEqualTo(0L);
    assertThat(snapshotter.layerDirectory("missing")).isEmpty();
  }

  @Test
  void syncWritesFewAndManyFiles() throws IOException {
    for (int count : new int[] {3, 300}) {
      String key = "files-" + count;
      snapshotter.prepare(key, Optional.empty(), Map.of());
      Path upper = snapshotter.upperDirectory(key).orElseThrow();
      for (int i = 0; i < count; i++) {
        Files.writeString(
            Files.createDirectories(upper.resolve("d" + i % 7)).resolve("f" + i), "x");
      }

      snapshotter.sync(key);

      assertThat(upper.resolve("d0/f0")).hasContent("x");
    }
    assertKind(() -> snapshotter.sync("missing"), ErrorKind.NOT_FOUND);
  }

  @Test
  void snapshotsSurviveReopening() throws IOException {
    commitLayer("layer1", Optional.empty(), "one", "1");
    snapshotter.prepare("top", Optional.of("layer1"), Map.of("k", "v"));

    snapshotter.close();
    snapshotter = open(root);

    assertThat(snapshotter.stat("top").orElseThrow().parent()).contains("layer1");
    assertThat(snapshotter.stat("top").orElseThrow().labels()).containsEntry("k", "v");
    try (Mounted m = mount(snapshotter.mounts("top"))) {
      assertThat(m.target().resolve("one")).hasContent("1");
    }
  }

  /** Prepares {@code name}'s active snapshot, writes one file into it, and commits it. */
  protected void commitLayer(String name, Optional<String> parent, String file, String content) {
    String key = "extract-" + name;
    List<Mount> mounts = snapshotter.prepare(key, parent, Map.of());
    try (Mounted m = mount(mounts)) {
      Files.writeString(m.target().resolve(file), content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    snapshotter.commit(name, key);
  }

  protected Mounted mount(List<Mount> mounts) {
    return MountManager.mountedTemporarily(mounts, scratch);
  }

  private static void assertKind(Runnable call, ErrorKind kind) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }
}
