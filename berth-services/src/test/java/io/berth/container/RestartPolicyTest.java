package io.berth.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  @Test
  void onFailureRestartsNonZeroExitsUpToItsLimit() {
    RestartPolicy p = RestartPolicy.of("on-failure", 2);
    assertThat(p.restarts(1, 0, false)).isTrue();
    assertThat(p.restarts(1, 2, false)).isFalse();
    assertThat(p.restarts(0, 0, false)).isFalse();
  }

  @Test
  void nothingRestartsAfterTheUserStoppedIt() {
    assertThat(RestartPolicy.of("always", 0).restarts(0, 5, false)).isTrue();
    assertThat(RestartPolicy.of("always", 0).restarts(0, 5, true)).isFalse();
    assertThat(RestartPolicy.of("unless-stopped", 0).restarts(137, 0, true)).isFalse();
    assertThat(RestartPolicy.NO.restarts(1, 0, false)).isFalse();
  }

  @Test
  void badPoliciesAreRefusedWithDockersWords() {
    assertThatThrownBy(() -> RestartPolicy.of("sometimes", 0))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("unknown policy 'sometimes'");
    assertThatThrownBy(() -> RestartPolicy.of("always", 3))
        .hasMessageContaining("can only be used with 'on-failure'");
  }

  @Test
  void namesFollowDockersRule() {
    assertThat(ContainerNames.check("/web.1_a-b")).isEqualTo("web.1_a-b");
    assertThatThrownBy(() -> ContainerNames.check("x")).hasMessageContaining("Invalid container");
    assertThatThrownBy(() -> ContainerNames.check("-bad")).isInstanceOf(BerthException.class);
    assertThat(ContainerNames.generate(0)).matches("[a-z]+_[a-z]+");
    assertThat(ContainerNames.newId()).matches("[0-9a-f]{64}");
  }

  @Test
  void bindSpecsParseAsDockersVolumeFlag() {
    assertThat(MountSpec.parseBind("/h:/c:ro"))
        .isEqualTo(new MountSpec(MountSpec.Type.BIND, "/h", "/c", true, java.util.List.of()));
    assertThat(MountSpec.parseBind("data:/d").type()).isEqualTo(MountSpec.Type.VOLUME);
    assertThat(MountSpec.parseBind("/anon").source()).isEmpty();
    assertThatThrownBy(() -> MountSpec.parseBind("/h:rel")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> MountSpec.parseBind("/h:/c:xx")).hasMessageContaining("invalid mode");
  }
}
