package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitySetsTest {

  @Test
  void defaultIsDockersFourteen() {
    assertThat(CapabilitySets.apply(List.of(), List.of()))
        .hasSize(14)
        .containsExactlyElementsOf(CapabilitySets.DOCKER_DEFAULT)
        .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
  }

  @Test
  void addTakesNamesWithOrWithoutPrefixInAnyCase() {
    assertThat(CapabilitySets.apply(List.of("net_admin", "CAP_SYS_PTRACE"), List.of()))
        .contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_CHOWN")
        .hasSize(16);
  }

  @Test
  void dropRemovesFromTheDefaults() {
    assertThat(CapabilitySets.apply(List.of(), List.of("NET_RAW", "cap_mknod")))
        .doesNotContain("CAP_NET_RAW", "CAP_MKNOD")
        .hasSize(12);
  }

  @Test
  void dropAllKeepsOnlyTheAdded() {
    assertThat(CapabilitySets.apply(List.of("NET_BIND_SERVICE"), List.of("ALL")))
        .containsExactly("CAP_NET_BIND_SERVICE");
  }

  @Test
  void addAllGrantsEverythingButTheDropped() {
    List<String> caps = CapabilitySets.apply(List.of("all"), List.of("SYS_ADMIN"));
    assertThat(caps).hasSize(CapabilitySets.ALL.size() - 1).doesNotContain("CAP_SYS_ADMIN");
  }

  @Test
  void unknownNameIsRejectedWithTheFlag() {
    assertThatThrownBy(() -> CapabilitySets.apply(List.of("FLY"), List.of()))
        .hasMessage("--cap-add: unknown capability: \"FLY\"");
  }

  @Test
  void boundedKeepsTheCapabilitiesWhoseBitsAreSet() {
    assertThat(CapabilitySets.bounded(0b1_0000_0000_0000_0000_0000_0011L))
        .containsExactly("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_SYS_RESOURCE");
    // A host without CAP_SYS_RESOURCE (bit 24) in its bounding set, as some sandboxes.
    assertThat(CapabilitySets.bounded(0x1fffeffffffL))
        .hasSize(CapabilitySets.ALL.size() - 1)
        .doesNotContain("CAP_SYS_RESOURCE");
  }

  @Test
  void theBoundingSetIsReadFromTheStatusFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path status = dir.resolve("status");
    java.nio.file.Files.writeString(
        status, "Name:\tjava\nCapPrm:\t0000000000000000\nCapBnd:\t000001fffeffffff\n");
    assertThat(CapabilitySets.boundingSet(status)).isEqualTo(0x1fffeffffffL);
    assertThat(CapabilitySets.boundingSet(java.nio.file.Path.of("/proc/self/status"))).isNotZero();
  }
}
