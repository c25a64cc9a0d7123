package io.berth.image.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.image.TestImages;
import io.berth.image.TestTars;
import io.berth.mount.MountManager;
import io.berth.oci.ChainId;
import io.berth.snapshot.Info;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacking images into shared chain-ID snapshots for real: concurrent unpacks of images sharing
 * layers, hostile layers refused with nothing left behind, and a 120-layer chain (needs root).
 */
class UnpackIT {
  @TempDir Path dir;

  private static Image load(ImageFixture f, byte[] archive) {
    return f.loader.load(new ByteArrayInputStream(archive), EventSink.NONE).getFirst();
  }

  private static List<String> snapshotKeys(ImageFixture f) {
    return f.snapshots.list().stream().map(Info::name).sorted().toList();
  }

  @Test
  void twoUnpacksOfImagesSharingLayersBothSucceedWithOneSharedSnapshot() throws Exception {
    byte[] base = TestTars.busyboxRootfs();
    byte[] middle = TestImages.layer("etc/shared", "both");
    byte[] a = TestImages.dockerArchive("a:1", List.of(base, middle, TestImages.layer("a", "a")));
    byte[] b = TestImages.dockerArchive("b:1", List.of(base, middle, TestImages.layer("b", "b")));

    // Several rounds on fresh stores, both unpacks released at the same instant.
    for (int round = 0; round < 6; round++) {
      try (ImageFixture f = new ImageFixture(dir.resolve("round" + round))) {
        Image imageA = load(f, a);
        Image imageB = load(f, round % 2 == 0 ? b : a);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Optional<ChainId>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
          for (Image image : List.of(imageA, imageB)) {
            results.add(
                pool.submit(
                    () -> {
                      start.await();
                      return f.store.unpack(image, EventSink.NONE);
                    }));
          }
        }
        ChainId chainA = results.get(0).get().orElseThrow();
        ChainId chainB = results.get(1).get().orElseThrow();

        List<ChainId> shared =
            List.of(
                ChainId.of(imageA.config().rootfs().diffIds().subList(0, 1)),
                ChainId.of(imageA.config().rootfs().diffIds().subList(0, 2)));
        List<String> expected = new ArrayList<>();
        shared.forEach(c -> expected.add(c.toString()));
        expected.add(chainA.toString());
        if (!chainB.equals(chainA)) {
          expected.add(chainB.toString());
        }
        assertThat(snapshotKeys(f)).containsExactlyInAnyOrderElementsOf(expected);
        try (var m =
            MountManager.mountedTemporarily(
                f.snapshots.view("v", Optional.of(chainB.toString()), Map.of()),
                dir.resolve("mnt"))) {
          assertThat(m.target().resolve("etc/shared")).hasContent("both");
          assertThat(m.target().resolve("bin/busybox")).isRegularFile();
        }
      }
    }
  }

  /**
   * Layers that try to leave their snapshot: each is refused, by load when its tar cannot even be
   * read (the lying header) and by unpack otherwise, and nothing is left behind.
   */
  @Test
  void hostileLayersAreRefusedAtUnpackLeavingNoSnapshotAndNothingOutside() throws Exception {
    byte[] cut = new TestTars().file("big", "x".repeat(5000)).bytes();
    List<byte[]> hostile =
        List.of(
            new TestTars().file("../evil", "x").bytes(),
            new TestTars().file("a/../../evil", "x").bytes(),
            new TestTars().hardlink("h", "../../evil").bytes(),
            new TestTars().hardlink("h", dir.resolve("evil").toString()).bytes(),
            new TestTars().file("../.wh.evil", "").bytes(),
            new TestTars().file("a/.wh..", "").bytes(),
            Arrays.copyOf(cut, 512 + 1000),
            new TestTars().symlink("a", "b").symlink("b", "a").file("a/evil", "x").bytes());
    Files.writeString(dir.resolve("evil"), "untouched");
    byte[] base = TestImages.layer("base", "ok");
    int i = 0;
    for (byte[] layer : hostile) {
      try (ImageFixture f = new ImageFixture(dir.resolve("root" + i++))) {
        byte[] archive = TestImages.dockerArchive("hostile:1", List.of(base, layer));
        Image image;
        try {
          image = load(f, archive);
        } catch (BerthException e) {
          // A tar that cannot be read is refused already when load measures it.
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
          assertThat(f.store.list()).isEmpty();
          assertThat(snapshotKeys(f)).isEmpty();
          assertThat(dir.resolve("evil")).hasContent("untouched");
          continue;
        }
        assertThatThrownBy(() -> f.store.unpack(image, EventSink.NONE))
            .isInstanceOfSatisfying(
                BerthException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
            .hasMessageContaining("layer");

        String baseChain = ChainId.of(image.config().rootfs().diffIds().subList(0, 1)).toString();
        assertThat(snapshotKeys(f)).as("only the good base layer stays").containsExactly(baseChain);
        try (var entries = Files.list(f.root.resolve("snapshots"))) {
          assertThat(entries.map(p -> p.getFileName().toString()))
              .filteredOn(n -> !n.startsWith("snapshots.db"))
              .hasSize(1);
        }
        assertThat(f.root.resolve("evil")).doesNotExist();
        assertThat(f.root.resolve("snapshots/evil")).doesNotExist();
        assertThat(dir.resolve("evil")).hasContent("untouched");
      }
    }
  }

  /**
   * Absolute names and links to {@code /} are confined to the snapshot, as Docker confines them.
   */
  @Test
  void absoluteNamesAndLinksToRootStayInsideTheSnapshot() throws Exception {
    Path outside = dir.resolve("outside");
    Files.createDirectories(outside);
    byte[] layer =
        new TestTars()
            .file(outside.resolve("abs").toString(), "inside")
            .symlink("root", "/")
            .file("root/" + outside.resolve("through"), "inside too")
            .bytes();
    try (ImageFixture f = new ImageFixture(dir.resolve("root"))) {
      Image image = load(f, TestImages.dockerArchive("confined:1", List.of(layer)));
      ChainId chain = f.store.unpack(image, EventSink.NONE).orElseThrow();

      try (var m =
          MountManager.mountedTemporarily(
              f.snapshots.view("v", Optional.of(chain.toString()), Map.of()), dir.resolve("m"))) {
        String relative = outside.toString().substring(1);
        assertThat(m.target().resolve(relative).resolve("abs")).hasContent("inside");
        assertThat(m.target().resolve(relative).resolve("through")).hasContent("inside too");
      }
      try (var left = Files.list(outside)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void anImageOf120LayersUnpacksAndMounts() throws Exception {
    List<byte[]> layers = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      layers.add(TestImages.layer("f" + i, "layer " + i));
    }
    Path root = dir.resolve("a-long-root-directory-name-as-some-installations-use/berth");
    try (ImageFixture f = new ImageFixture(root)) {
      Image image = load(f, TestImages.dockerArchive("deep:1", layers));
      ChainId chain = f.store.unpack(image, EventSink.NONE).orElseThrow();

      try (var m =
          MountManager.mountedTemporarily(
              f.snapshots.prepare("container", Optional.of(chain.toString()), Map.of()),
              dir.resolve("m"))) {
        assertThat(m.target().resolve("f0")).hasContent("layer 0");
        assertThat(m.target().resolve("f119")).hasContent("layer 119");
        Files.writeString(m.target().resolve("f60"), "written");
        assertThat(m.target().resolve("f60")).hasContent("written");
      }
      assertThat(f.snapshots.list()).hasSize(121);
    }
  }
}
