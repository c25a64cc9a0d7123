package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageConfigWireTest {
  private static final String IMAGE_CONFIG =
      """
      {"architecture":"amd64","os":"linux",
       "config":{"Env":["PATH=/bin"],"Cmd":["sh"],"ExposedPorts":{"80/tcp":{}},"Labels":{}}}
      """;

  @Test
  void beforeApi150TheConfigHasEveryFieldOfAContainersConfig() throws Exception {
    JsonNode raw = Json.MAPPER.readTree(IMAGE_CONFIG);
    JsonNode config = ImageConfigWire.config(raw.path("config"), new ApiVersion(1, 41));
    assertThat(names(config))
        .containsExactly(
            "Hostname",
            "Domainname",
            "User",
            "AttachStdin",
            "AttachStdout",
            "AttachStderr",
            "ExposedPorts",
            "Tty",
            "OpenStdin",
            "StdinOnce",
            "Env",
            "Cmd",
            "Image",
            "Volumes",
            "WorkingDir",
            "Entrypoint",
            "OnBuild",
            "Labels");
    assertThat(config.path("Cmd").get(0).asText()).isEqualTo("sh");
    assertThat(config.path("Hostname").asText()).isEmpty();
    assertThat(config.path("Labels").isNull()).isTrue();
    assertThat(config.path("Entrypoint").isNull()).isTrue();
  }

  @Test
  void fromApi150TheConfigIsTheImagesOwn() throws Exception {
    JsonNode raw = Json.MAPPER.readTree(IMAGE_CONFIG);
    assertThat(ImageConfigWire.config(raw.path("config"), new ApiVersion(1, 51)))
        .isSameAs(raw.path("config"));
  }

  @Test
  void anImageWithoutContainerConfigShowsAnEmptyOne() throws Exception {
    JsonNode raw = Json.MAPPER.readTree(IMAGE_CONFIG);
    JsonNode empty = ImageConfigWire.containerConfig(raw);
    assertThat(empty.path("Volumes").isNull()).isTrue();
    assertThat(empty.path("Cmd").isNull()).isTrue();
    assertThat(empty.has("ExposedPorts")).isFalse();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
