package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OciJsonTest {

  static byte[] golden(String name) {
    try (InputStream in = OciJsonTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "oci-manifest.json",
        "docker-manifest.json",
        "oci-index.json",
        "docker-manifest-list.json",
        "oci-config.json",
        "docker-config.json",
        "layout-index.json"
      })
  void goldenDocumentsRoundTripAndWriteStably(String name) {
    OciDocument parsed = OciJson.parseAny(golden(name));
    byte[] written = OciJson.bytes(parsed);
    OciDocument reparsed = OciJson.parseAny(written);

    assertThat(reparsed).isEqualTo(parsed);
    assertThat(OciJson.bytes(reparsed)).isEqualTo(written);
    assertThat(text(written)).doesNotContain("\n").doesNotContain("\": ").doesNotContain(", \"");
  }

  @Test
  void readsAnOciManifest() {
    Manifest m = OciJson.parseManifest(golden("oci-manifest.json"));

    assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
    assertThat(m.config().size()).isEqualTo(1469);
    assertThat(m.layers()).hasSize(2);
    assertThat(m.layers().get(1).mediaType().compression()).contains(Compression.ZSTD);
    assertThat(m.layers().get(1).annotations())
        .containsEntry("org.opencontainers.image.title", "app.tar.zst");
    assertThat(m.annotations()).containsKey("org.opencontainers.image.base.name");
  }

  @Test
  void readsADockerManifestWithAForeignLayer() {
    Manifest m = OciJson.parseManifest(golden("docker-manifest.json"));

    assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
    Descriptor foreign = m.layers().get(1);
    assertThat(foreign.mediaType().isNonDistributable()).isTrue();
    assertThat(foreign.mediaType().compression()).contains(Compression.GZIP);
    assertThat(foreign.urls()).hasSize(1);
  }

  @Test
  void readsIndexesAndPicksAManifestByPlatform() {
    Index index = OciJson.parseIndex(golden("oci-index.json"));

    assertThat(index.manifests()).hasSize(4);
    assertThat(index.manifests().get(1).platform()).contains(Platform.of("linux", "arm64"));
    assertThat(index.manifestFor(Platform.parse("linux/aarch64")))
        .contains(index.manifests().get(1));
    assertThat(index.manifestFor(Platform.parse("linux/arm/v6")))
        .contains(index.manifests().get(2));
    assertThat(index.manifestFor(Platform.parse("linux/s390x"))).isEmpty();

    Index list = OciJson.parseIndex(golden("docker-manifest-list.json"));
    Platform windows = list.manifests().get(0).platform().orElseThrow();
    assertThat(windows.osVersion()).contains("10.0.17763.1879");
    assertThat(windows.osFeatures()).containsExactly("win32k");
  }

  @Test
  void readsAnIndexWithoutMediaTypeAsOci() {
    Index index = OciJson.parseIndex(golden("layout-index.json"));
    assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
    assertThat(index.manifests().getFirst().annotations())
        .containsEntry("org.opencontainers.image.ref.name", "1.0");
  }

  @Test
  void readsTheWholeOciConfig() {
    ImageConfig c = OciJson.parseImageConfig(golden("oci-config.json"));

    assertThat(c.created()).contains(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    assertThat(c.platform()).isEqualTo(Platform.of("linux", "amd64"));
    RunConfig r = c.config();
    assertThat(r.user()).isEqualTo("app");
    assertThat(r.exposedPorts()).containsExactly("53/udp", "8080/tcp");
    assertThat(r.envValue("LANG")).contains("C.UTF-8");
    assertThat(r.entrypoint()).containsExactly("/bin/app");
    assertThat(r.cmd()).containsExactly("--port", "8080");
    assertThat(r.volumes()).containsExactly("/data");
    assertThat(r.workingDir()).isEqualTo("/srv");
    assertThat(r.labels()).containsEntry("maintainer", "ops <ops@example.com>");
    assertThat(r.stopSignal()).isEqualTo("SIGTERM");
    RunConfig.HealthConfig h = r.healthcheck().orElseThrow();
    assertThat(h.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.startInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(h.retries()).isEqualTo(3);
    assertThat(r.onBuild()).containsExactly("COPY . /srv");
    assertThat(r.shell()).containsExactly("/bin/sh", "-c");
    assertThat(c.rootfs().diffIds()).hasSize(2);
    assertThat(c.history()).hasSize(3);
    assertThat(c.history().get(1).emptyLayer()).isTrue();
    assertThat(c.extra()).isEmpty();
  }

  @Test
  void keepsDockersExtraFieldsVerbatim() {
    ImageConfig c = OciJson.parseImageConfig(golden("docker-config.json"));

    assertThat(c.variant()).contains("v8");
    assertThat(c.platform()).isEqualTo(Platform.of("linux", "arm64"));
    assertThat(c.created()).contains(Instant.parse("2023-08-07T17:20:20.894140623Z"));
    assertThat(c.extra()).containsKeys("container", "container_config", "docker_version");
    assertThat(c.extra().get("docker_version")).isEqualTo("\"20.10.23\"");
    assertThat(c.config().extra()).containsEntry("Tty", "false").containsKey("Image");
    assertThat(c.config().stopTimeout()).contains(10);
    assertThat(c.config().entrypoint()).isEmpty();

    String written = text(OciJson.bytes(c));
    assertThat(written).contains("\"docker_version\":\"20.10.23\"").contains("\"Tty\":false");
  }

  @Test
  void writesCanonicalBytesInGoFieldOrder() {
    Digest config = Digest.sha256("c".getBytes(StandardCharsets.UTF_8));
    Digest layer = Digest.sha256("l".getBytes(StandardCharsets.UTF_8));
    Manifest m =
        new Manifest(
            2,
            MediaType.OCI_MANIFEST,
            Descriptor.of(MediaType.OCI_CONFIG, config, 2),
            List.of(Descriptor.of(MediaType.OCI_LAYER_TAR_GZIP, layer, 3)),
            Map.of("z", "1\u0001\n", "a", "<&>"),
            Optional.empty(),
            Optional.empty());

    assertThat(text(OciJson.bytes(m)))
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + config
                + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layer
                + "\",\"size\":3}],\"annotations\":{\"a\":\"\\u003c\\u0026\\u003e\",\"z\":\"1\\u000"
                + "1\\n\"}}");
  }

  @Test
  void writesAConfigLikeBuildKit() {
    DiffId layer = DiffId.parse("sha256:" + "a".repeat(64));
    Instant t = Instant.parse("2024-01-02T03:04:05.500Z");
    ImageConfig c =
        ImageConfig.empty(Platform.of("linux", "amd64"))
            .withCreated(t)
            .withLayer(layer, ImageConfig.History.of(t, "COPY a /a", false))
            .withEmptyLayerHistory(ImageConfig.History.of(t, "CMD [\"/a\"]", true));
    RunConfig.Builder b = c.config().toBuilder();
    b.cmd = List.of("/a");
    c = c.withConfig(b.build());

    assertThat(text(OciJson.bytes(c)))
        .isEqualTo(
            "{\"created\":\"2024-01-02T03:04:05.5Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Cmd\":[\"/a\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
                + "[\"sha256:"
                + "a".repeat(64)
                + "\"]},\"history\":[{\"created\":\"2024-01-02T03:04:05.5Z\",\"created_by\":"
                + "\"COPY a /a\"},{\"created\":\"2024-01-02T03:04:05.5Z\",\"created_by\":"
                + "\"CMD [\\\"/a\\\"]\",\"empty_layer\":true}]}");
  }

  @Test
  void readsAndWritesTheDockerSaveManifest() {
    DockerArchiveManifest archive =
        OciJson.parseDockerArchiveManifest(golden("docker-save-manifest.json"));

    DockerArchiveManifest.Entry entry = archive.entries().getFirst();
    assertThat(entry.repoTags()).containsExactly("mon_image:1.0", "localhost:5000/x:latest");
    assertThat(entry.layers()).hasSize(2);
    assertThat(entry.layerSources()).hasSize(1);
    byte[] written = OciJson.bytes(archive);
    assertThat(OciJson.parseDockerArchiveManifest(written)).isEqualTo(archive);
    assertThat(text(written).strip()).isEqualTo(text(golden("docker-save-manifest.json")).strip());
  }

  @Test
  void readsAndWritesTheOciLayoutFile() {
    OciLayout layout = OciJson.parseOciLayout(golden("oci-layout"));
    assertThat(layout).isEqualTo(OciLayout.current());
    assertThat(text(OciJson.bytes(layout))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThatThrownBy(() -> OciJson.parseOciLayout("{\"imageLayoutVersion\":\"2\"}".getBytes()))
        .hasMessageContaining("oci-layout")
        .hasMessageContaining("expected \"1.0.0\"");
  }

  @Test
  void embeddedDataMustMatchItsDigest() {
    byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
    Descriptor d =
        new Descriptor(
            MediaType.OCI_EMPTY,
            Digest.sha256(data),
            2,
            List.of(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(data));
    assertThat(OciJson.parseDescriptor(OciJson.bytes(d))).isEqualTo(d);
    assertThat(text(OciJson.bytes(d))).contains("\"data\":\"e30=\"");

    String bad =
        "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + Digest.sha256("x".getBytes())
            + "\",\"size\":2,\"data\":\"e30=\"}";
    assertThatThrownBy(() -> OciJson.parseDescriptor(bad.getBytes()))
        .hasMessageContaining("embedded data has digest");
  }

  /** Each case: a JSON edit of the golden OCI config, and what the message must say. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"architecture\": \"amd64\",|\"architecture\": 5,|image config: architecture: expected"
            + " a string, got number 5",
        "\"type\": \"layers\"|\"type\": \"tarballs\"|image config: rootfs.type: expected"
            + " \"layers\"",
        "\"Env\": [\"PATH|\"Env\": [7, \"PATH|image config: config.Env[0]: expected a string",
        "\"Retries\": 3|\"Retries\": \"3\"|image config: config.Healthcheck.Retries: expected an"
            + " integer",
        "\"2024-04-01T00:00:00Z\"|\"yesterday\"|image config: history[0].created: invalid"
            + " timestamp \"yesterday\"",
        "\"empty_layer\": true|\"empty_layer\": 1|image config: history[1].empty_layer: expected"
            + " true or false",
        "\"8080/tcp\": {}|\"http\": {}|image config: config: invalid exposed port \"http\"",
        "\"os\": \"linux\",|\"os\": \"linux\", \"os\": \"linux\",|image config: malformed JSON",
        "\"empty_layer\": true|\"empty_layer\": false|image config: invalid image config: history"
            + " has 3 non-empty layers but rootfs has 2 diff IDs",
      })
  void badConfigFieldsAreNamed(String from, String to, String message) {
    String original = text(golden("oci-config.json"));
    assertThat(original).contains(from);
    String edited = original.replace(from, to);

    assertThatThrownBy(() -> OciJson.parseImageConfig(edited.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageStartingWith(message);
  }

  @Test
  void aBadDiffIdIsNamedByIndex() {
    String second = Digest.sha256("d2".getBytes(StandardCharsets.UTF_8)).toString();
    String edited = text(golden("oci-config.json")).replace(second, "xyz");

    assertThatThrownBy(() -> OciJson.parseImageConfig(edited.getBytes(StandardCharsets.UTF_8)))
        .hasMessage(
            "image config: rootfs.diff_ids[1]: invalid digest \"xyz\": expected algorithm:hex");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"schemaVersion\": 2|\"schemaVersion\": 1|manifest: invalid manifest: schemaVersion is 1",
        "\"size\": 1469|\"size\": -1|manifest: config: invalid descriptor",
        "\"size\": 3623807|\"size\": 1.5|manifest: layers[0].size: expected an integer",
        "\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\"|\"mediaType\": \"gzip\""
            + "|manifest: layers[0].mediaType: invalid media type \"gzip\"",
        "\"digest\": \"sha256:|\"digest\": \"md5:|manifest: config.digest: invalid digest"
            + " algorithm \"md5\"",
        "\"layers\": [|\"layers\": {\"a\": 1}, \"x\": [|manifest: layers: expected an array",
      })
  void badManifestFieldsAreNamed(String from, String to, String message) {
    String edited =
        text(golden("oci-manifest.json"))
            .replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThatThrownBy(() -> OciJson.parseManifest(edited.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BerthException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void parseAnyTellsDocumentsApartByMediaTypeAndShape() {
    assertThat(OciJson.parseAny(golden("docker-manifest.json"))).isInstanceOf(Manifest.class);
    assertThat(OciJson.parseAny(golden("oci-index.json"))).isInstanceOf(Index.class);
    assertThat(OciJson.parseAny(golden("docker-config.json"))).isInstanceOf(ImageConfig.class);
    assertThatThrownBy(() -> OciJson.parseAny("{\"a\":1}".getBytes()))
        .hasMessageContaining("neither a manifest");
    assertThatThrownBy(() -> OciJson.parseAny("[1]".getBytes()))
        .hasMessage("document: expected an object, got an array");
    assertThatThrownBy(() -> OciJson.parseAny("{\"mediaType\":\"text/plain\"}".getBytes()))
        .hasMessageContaining("text/plain is not a manifest");
  }

  @Test
  void descriptorOfADocumentIsTheDigestOfItsCanonicalBytes() {
    Manifest m = OciJson.parseManifest(golden("oci-manifest.json"));
    Descriptor d = OciJson.descriptor(m);
    assertThat(d.digest()).isEqualTo(Digest.sha256(OciJson.bytes(m)));
    assertThat(d.size()).isEqualTo(OciJson.bytes(m).length);
    assertThat(d.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
  }
}
