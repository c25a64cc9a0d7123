package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerWireTest {

  @Test
  void aListedCommandQuotesTheArgumentsWithSpacesAsDockersDaemon() {
    // What dockerd 20.10 answered for the same containers in GET /containers/json.
    assertThat(ContainerWire.listedCommand(List.of("sh", "-c", "echo \"a b\"; exit 0")))
        .isEqualTo("sh -c 'echo \"a b\"; exit 0'");
    assertThat(ContainerWire.listedCommand(List.of("echo", "it's", "", "x")))
        .isEqualTo("echo it's  x");
    assertThat(ContainerWire.listedCommand(List.of("/my tools/run"))).isEqualTo("/my tools/run");
  }

  @Test
  void aListedImageIsItsIdOnceTheNameMeansAnotherImage() {
    String id = "sha256:" + "a".repeat(64);
    String other = "sha256:" + "b".repeat(64);
    assertThat(ContainerWire.listedImage("mover:1", id, Optional.of(id))).isEqualTo("mover:1");
    assertThat(ContainerWire.listedImage("mover:1", id, Optional.of(other))).isEqualTo(id);
    assertThat(ContainerWire.listedImage("mover:1", id, Optional.empty())).isEqualTo(id);
    assertThat(ContainerWire.listedImage(id, id, Optional.empty())).isEqualTo(id);
  }
}
