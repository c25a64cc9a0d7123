package io.berth.image.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.Event;
import io.berth.image.Image;
import io.berth.image.ImageImporter;
import io.berth.image.PruneOptions;
import io.berth.image.RemovedImage;
import io.berth.image.TestTars;
import io.berth.metadata.ContainerRecord;
import io.berth.oci.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageServiceTest {
  @TempDir Path dir;
  private ImageFixture f;

  @BeforeEach
  void open() {
    f = new ImageFixture(dir.resolve("root"));
  }

  @AfterEach
  void close() {
    f.close();
  }

  private Image imported(String tag, String... changes) {
    return f.importer.importImage(
        new ByteArrayInputStream(TestTars.busyboxRootfs()),
        new ImageImporter.Options(
            Optional.of(ImageReference.parse(tag)), "made by a test", List.of(changes)));
  }

  @Test
  void importMakesAOneLayerImageWithTheChangesApplied() {
    Image image = imported("bb:1", "CMD [\"sh\"]", "ENV A=1 B=two", "EXPOSE 80", "WORKDIR /w");

    assertThat(image.references()).containsExactly(ImageReference.parse("bb:1"));
    assertThat(image.config().rootfs().diffIds()).hasSize(1);
    assertThat(image.config().config().cmd()).containsExactly("sh");
    assertThat(image.config().config().env()).containsExactly("A=1", "B=two");
    assertThat(image.config().config().exposedPorts()).containsExactly("80/tcp");
    assertThat(image.config().history().getFirst().comment()).isEqualTo("made by a test");
    // Docker's size: file bytes and symbolic link targets (five links to "busybox", a hostname).
    assertThat(image.size())
        .isEqualTo(busyboxBytes() + 5 * "busybox".length() + "berth\n".length());
    assertThat(f.store.resolve(image.id().hex().substring(0, 8))).isEqualTo(image);
    assertThat(f.store.resolve("docker.io/library/bb:1").id()).isEqualTo(image.id());
  }

  @Test
  void saveThenLoadGivesBackTheSameImageAndTags() {
    Image image = imported("bb:1");
    f.store.tag("bb:1", ImageReference.parse("other/bb:2"));
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    f.saver.save(List.of("bb:1", "other/bb:2"), archive);
    f.store.remove(image.id().toString(), true);
    assertThat(f.store.list()).isEmpty();

    List<String> lines = new ArrayList<>();
    List<Image> loaded =
        f.loader.load(
            new ByteArrayInputStream(archive.toByteArray()),
            e -> lines.add(((Event.Status) e).message()));

    assertThat(loaded).extracting(Image::id).containsExactly(image.id());
    assertThat(loaded.getFirst().manifestDigest()).isEqualTo(image.manifestDigest());
    assertThat(lines).containsExactly("Loaded image: bb:1", "Loaded image: other/bb:2");
    assertThat(f.verifier.verify().ok()).isTrue();
  }

  @Test
  void saveIsDeterministic() {
    imported("bb:1");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    f.saver.save(List.of("bb:1"), a);
    f.saver.save(List.of("bb:1"), b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void retaggingLeavesTheOldImageDangling() {
    Image first = imported("bb:1");
    Image second = imported("bb:1", "CMD [\"ls\"]");

    assertThat(f.store.resolve(first.id().toString()).references()).isEmpty();
    assertThat(f.store.resolve("bb:1").id()).isEqualTo(second.id());
    var pruned = f.store.prune(PruneOptions.DANGLING);
    assertThat(pruned.removed()).containsExactly(new RemovedImage.Deleted(first.id().toString()));
    assertThat(f.store.find(first.id().toString())).isEmpty();
    assertThat(f.verifier.verify().ok()).isTrue();
  }

  @Test
  void removeUntagsByNameAndDeletesWithTheLastReference() {
    Image image = imported("bb:1");
    f.store.tag("bb:1", ImageReference.parse("bb:2"));

    assertThat(f.store.remove("bb:1", false)).containsExactly(new RemovedImage.Untagged("bb:1"));
    assertThat(f.store.remove("bb:2", false))
        .containsExactly(
            new RemovedImage.Untagged("bb:2"),
            new RemovedImage.Deleted(image.id().toString()),
            new RemovedImage.Deleted(image.config().rootfs().diffIds().getFirst().toString()));
    assertThat(f.content.list()).isEmpty();
  }

  @Test
  void removeByIdWithSeveralTagsNeedsForce() {
    Image image = imported("bb:1");
    f.store.tag("bb:1", ImageReference.parse("bb:2"));

    assertThatThrownBy(() -> f.store.remove(image.id().hex().substring(0, 12), false))
        .isInstanceOf(BerthException.class)
        .hasMessage(
            "conflict: unable to delete %s (must be forced) - image is referenced in multiple"
                + " repositories",
            image.id().shortHex());
    // both tags, the image, and its one layer
    assertThat(f.store.remove(image.id().hex().substring(0, 12), true)).hasSize(4);
  }

  @Test
  void removeRefusesAnImageAContainerUses() {
    Image image = imported("bb:1");
    String id = "a".repeat(64);
    f.metadata.update(
        tx ->
            tx.containers()
                .create(
                    new ContainerRecord(
                        id, "c1", image.id(), "{}", "{}", Instant.now(), Map.of())));

    assertThatThrownBy(() -> f.store.remove("bb:1", false))
        .isInstanceOf(BerthException.class)
        .satisfies(e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
        .hasMessage(
            "conflict: unable to remove repository reference \"bb:1\" (must force) - container"
                + " aaaaaaaaaaaa is using its referenced image "
                + image.id().shortHex());
    assertThat(f.store.remove("bb:1", true)).containsExactly(new RemovedImage.Untagged("bb:1"));
    assertThat(f.store.find(image.id().toString())).isPresent();
  }

  @Test
  void unknownNamesAreNotFoundAsDockerWordsIt() {
    assertThatThrownBy(() -> f.store.resolve("nope:1"))
        .isInstanceOf(BerthException.class)
        .hasMessage("No such image: nope:1");
  }

  @Test
  void eventsAreReported() {
    imported("bb:1");
    f.store.tag("bb:1", ImageReference.parse("bb:2"));
    f.store.remove("bb:2", false);
    assertThat(f.events).extracting(e -> e.action()).containsExactly("import", "tag", "untag");
  }

  private static long busyboxBytes() {
    try {
      java.nio.file.Path busybox = java.nio.file.Path.of("/bin/busybox");
      return java.nio.file.Files.isRegularFile(busybox)
          ? java.nio.file.Files.size(busybox)
          : "#!busybox\n".length();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
