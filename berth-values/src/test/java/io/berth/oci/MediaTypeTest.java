package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaTypeTest {

  @Test
  void classifiesTheKnownTypes() {
    assertThat(MediaType.OCI_MANIFEST.isManifest()).isTrue();
    assertThat(MediaType.DOCKER_MANIFEST.isManifest()).isTrue();
    assertThat(MediaType.OCI_INDEX.isIndex()).isTrue();
    assertThat(MediaType.DOCKER_MANIFEST_LIST.isIndex()).isTrue();
    assertThat(MediaType.OCI_INDEX.isManifest()).isFalse();
    assertThat(MediaType.DOCKER_CONFIG.isConfig()).isTrue();
    assertThat(MediaType.OCI_CONFIG.isLayer()).isFalse();
    assertThat(MediaType.OCI_LAYER_TAR.compression()).contains(Compression.NONE);
    assertThat(MediaType.OCI_LAYER_TAR_GZIP.compression()).contains(Compression.GZIP);
    assertThat(MediaType.OCI_LAYER_TAR_ZSTD.compression()).contains(Compression.ZSTD);
    assertThat(MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD.compression())
        .contains(Compression.ZSTD);
    assertThat(MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR.isNonDistributable()).isTrue();
    assertThat(MediaType.DOCKER_LAYER_TAR_GZIP.compression()).contains(Compression.GZIP);
    assertThat(MediaType.DOCKER_LAYER_FOREIGN_TAR_GZIP.isNonDistributable()).isTrue();
    assertThat(MediaType.OCI_LAYER_TAR_GZIP.isNonDistributable()).isFalse();
    assertThat(MediaType.OCI_MANIFEST.compression()).isEmpty();
    assertThat(MediaType.ociLayer(Compression.ZSTD)).isEqualTo(MediaType.OCI_LAYER_TAR_ZSTD);
    assertThat(MediaType.parse("application/vnd.example+json").isLayer()).isFalse();
  }

  @Test
  void rejectsWhatIsNotAMediaType() {
    assertThatThrownBy(() -> MediaType.parse("json"))
        .hasMessage("invalid media type \"json\": expected type/subtype as in RFC 6838");
    assertThatThrownBy(() -> MediaType.parse("text/plain; charset=utf-8"))
        .hasMessageContaining("text/plain; charset=utf-8");
    assertThatThrownBy(() -> MediaType.parse("/json")).hasMessageContaining("\"/json\"");
  }
}
