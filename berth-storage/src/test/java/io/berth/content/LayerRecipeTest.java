package io.berth.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.oci.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerRecipeTest {

  private static final Digest DIGEST = Digest.sha256(new byte[] {42});

  @Test
  void labelsRoundTripWithAndWithoutAnEpoch() {
    LayerRecipe plain = new LayerRecipe(DIGEST, 2048, 100, Optional.empty());
    LayerRecipe clamped = new LayerRecipe(DIGEST, 2048, 100, Optional.of(1_700_000_000L));

    assertThat(LayerRecipe.fromLabels(plain.labels())).contains(plain);
    assertThat(LayerRecipe.fromLabels(clamped.labels())).contains(clamped);
    assertThat(clamped.labels())
        .containsEntry("berth.layer.digest", DIGEST.toString())
        .containsEntry("berth.layer.format", LayerRecipe.FORMAT);
  }

  @Test
  void labelsOfAnotherFormatOrThatDoNotParseRecordNoRecipe() {
    Map<String, String> labels =
        new HashMap<>(new LayerRecipe(DIGEST, 2048, 100, Optional.empty()).labels());
    labels.put("berth.layer.format", "0");
    assertThat(LayerRecipe.fromLabels(labels)).isEmpty();

    labels.put("berth.layer.format", LayerRecipe.FORMAT);
    labels.put("berth.layer.size", "big");
    assertThat(LayerRecipe.fromLabels(labels)).isEmpty();

    labels.put("berth.layer.size", "1");
    labels.put("berth.layer.digest", "sha256:nothex");
    assertThat(LayerRecipe.fromLabels(labels)).isEmpty();

    assertThat(LayerRecipe.fromLabels(Map.of("berth.build", "1"))).isEmpty();
  }
}
