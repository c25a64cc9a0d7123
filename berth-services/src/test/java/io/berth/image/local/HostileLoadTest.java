package io.berth.image.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.event.EventSink;
import io.berth.image.Image;
import io.berth.image.TestTars;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written to attack or confuse {@code load}: each is refused and nothing is stored. */
class HostileLoadTest {
  @TempDir Path dir;
  private ImageFixture f;
  private final byte[] layer = TestTars.busyboxRootfs();
  private final String diffId = new DiffId(Digest.sha256(layer)).toString();

  @BeforeEach
  void open() {
    f = new ImageFixture(dir.resolve("root"));
  }

  @AfterEach
  void close() {
    f.close();
  }

  private String config(String diff) {
    return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + diff
        + "\"]}}";
  }

  /**
   * A docker-archive as Docker before 25 wrote it: {@code <hex>.json} and {@code <id>/layer.tar}.
   */
  private byte[] legacyArchive(String configPath, String layerPath, String diff) {
    String config = config(diff);
    String hex = Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex();
    String manifest =
        "[{\"Config\":\"%s\",\"RepoTags\":[\"legacy:1\"],\"Layers\":[\"%s\"]}]"
            .formatted(configPath.replace("HEX", hex), layerPath);
    return new TestTars()
        .file(hex + ".json", config)
        .dir("abc")
        .file("abc/layer.tar", layer)
        .file("manifest.json", manifest)
        .bytes();
  }

  private BerthException refused(byte[] archive) {
    Throwable thrown = null;
    try {
      f.loader.load(new ByteArrayInputStream(archive), EventSink.NONE);
    } catch (Throwable t) {
      thrown = t;
    }
    assertThat(thrown).isInstanceOf(BerthException.class);
    assertNothingStored();
    return (BerthException) thrown;
  }

  private void assertNothingStored() {
    assertThat(f.store.list()).isEmpty();
    assertThat(f.verifier.verify().ok()).isTrue();
    try (var left = Files.list(f.root.resolve("tmp"))) {
      assertThat(left).as("staging directories left behind").isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(dir.resolve("evil")).doesNotExist();
    assertThat(dir.resolve("root").resolve("evil")).doesNotExist();
  }

  @Test
  void aLegacyDockerArchiveLoads() {
    List<Image> images =
        f.loader.load(
            new ByteArrayInputStream(legacyArchive("HEX.json", "abc/layer.tar", diffId)),
            EventSink.NONE);
    assertThat(images.getFirst().references()).containsExactly(ImageReference.parse("legacy:1"));
    assertThat(f.verifier.verify().ok()).isTrue();
  }

  @Test
  void aGzippedArchiveLoads() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(legacyArchive("HEX.json", "abc/layer.tar", diffId));
    }
    assertThat(f.loader.load(new ByteArrayInputStream(gz.toByteArray()), EventSink.NONE))
        .hasSize(1);
  }

  @Test
  void aManifestPointingOutsideTheArchiveIsRefused() {
    assertThat(refused(legacyArchive("../evil", "abc/layer.tar", diffId)))
        .hasMessageContaining("\"../evil\" points outside the archive");
    assertThat(refused(legacyArchive("HEX.json", "../../evil", diffId)))
        .hasMessageContaining("points outside the archive");
  }

  @Test
  void aLayerWhoseDiffIdDiffersFromTheConfigIsRefused() {
    String wrong = new DiffId(Digest.sha256(new byte[] {1})).toString();
    assertThat(refused(legacyArchive("HEX.json", "abc/layer.tar", wrong)))
        .hasMessageContaining("has diff ID " + diffId)
        .hasMessageContaining("the image config lists " + wrong);
  }

  @Test
  void entriesThatClimbOutOrAreAbsoluteAreRefused() {
    assertThat(refused(new TestTars().file("../evil", "x").bytes()))
        .hasMessageContaining("\"../evil\" points outside the archive");
    // an absolute name is taken from the archive root, as Docker confines it
    assertThat(refused(new TestTars().file("/evil", "x").bytes()))
        .hasMessageContaining("neither a docker-archive");
    assertThat(Path.of("/evil")).doesNotExist();
    assertThat(refused(new TestTars().symlink("up", "../..").file("up/evil", "x").bytes()))
        .hasMessageContaining("points outside the archive");
  }

  @Test
  void aSymlinkToRootIsConfinedToTheArchive() {
    BerthException e =
        refused(
            new TestTars()
                .symlink("root", "/")
                .file("root/evil", "x")
                .file("manifest.json", "[]")
                .bytes());
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    assertThat(e).hasMessageContaining("manifest.json lists no images");
    assertThat(Path.of("/evil")).doesNotExist();
  }

  @Test
  void aHardLinkToAFileOutsideIsRefused() {
    assertThat(refused(new TestTars().hardlink("passwd", "../../etc/passwd").bytes()))
        .hasMessageContaining("points outside the archive");
  }

  @Test
  void aHeaderThatLiesAboutItsSizeIsRefused() {
    byte[] tar = new TestTars().file("manifest.json", "[]".repeat(400)).bytes();
    byte[] cut = java.util.Arrays.copyOf(tar, 512 + 300);
    assertThat(refused(cut)).hasMessageContaining("invalid image archive");
  }

  @Test
  void anOciBlobWhoseDigestDoesNotMatchIsRefused() {
    String config = config(diffId);
    Digest configDigest = Digest.sha256(config.getBytes(StandardCharsets.UTF_8));
    Digest layerDigest = Digest.sha256(layer);
    String manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\",\"size\":%d}]}")
            .formatted(configDigest, config.length(), layerDigest, layer.length);
    Digest manifestDigest = Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    String index =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":%d}]}")
            .formatted(manifestDigest, manifest.length());
    byte[] tampered = layer.clone();
    tampered[tampered.length - 600] ^= 1;
    byte[] archive =
        new TestTars()
            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
            .file("index.json", index)
            .file("blobs/sha256/" + manifestDigest.hex(), manifest)
            .file("blobs/sha256/" + configDigest.hex(), config)
            .file("blobs/sha256/" + layerDigest.hex(), tampered)
            .bytes();
    assertThat(refused(archive)).hasMessageContaining(layerDigest.toString());

    byte[] missing =
        new TestTars()
            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
            .file("index.json", index)
            .file("blobs/sha256/" + manifestDigest.hex(), manifest)
            .file("blobs/sha256/" + configDigest.hex(), config)
            .bytes();
    assertThat(refused(missing))
        .hasMessageContaining("blobs/sha256/" + layerDigest.hex())
        .hasMessageContaining("which is not in it");
  }

  @Test
  void somethingThatIsNoImageArchiveIsRefused() {
    assertThat(refused(new TestTars().file("hello", "x").bytes()))
        .hasMessageContaining("neither a docker-archive");
  }
}
