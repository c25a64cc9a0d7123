package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.runtime.RuntimeSpec.Seccomp;
import io.berth.runtime.RuntimeSpec.Syscall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** berth's default seccomp filter, as the capabilities of a container shape it. */
class DefaultSeccompTest {

  private static List<String> refused(Seccomp s) {
    List<String> names = new ArrayList<>();
    s.syscalls().stream().filter(r -> r.args().isEmpty()).forEach(r -> names.addAll(r.names()));
    return names;
  }

  @Test
  void dockersDefaultCapabilitiesLeaveMountsNamespacesAndKeyringsRefused() {
    Seccomp s = DefaultSeccomp.forCapabilities(CapabilitySets.apply(List.of(), List.of()));
    assertThat(s.defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(refused(s))
        .contains("keyctl", "mount", "unshare", "setns", "init_module", "reboot", "clock_settime")
        .doesNotContain("ptrace", "read", "chown", "setuid");
    assertThat(s.syscalls().stream().filter(r -> r.names().equals(List.of("clone"))))
        .hasSize(7)
        .allSatisfy(r -> assertThat(r.args().getFirst().op()).isEqualTo("SCMP_CMP_MASKED_EQ"));
    Syscall clone3 =
        s.syscalls().stream().filter(r -> r.names().equals(List.of("clone3"))).findFirst().get();
    assertThat(clone3.errnoRet()).contains(DefaultSeccomp.ENOSYS);
  }

  @Test
  void aCapabilityGivesBackItsSyscalls() {
    Seccomp admin =
        DefaultSeccomp.forCapabilities(CapabilitySets.apply(List.of("SYS_ADMIN"), List.of()));
    assertThat(refused(admin)).doesNotContain("mount", "unshare", "setns").contains("keyctl");
    assertThat(admin.syscalls()).noneMatch(r -> r.names().contains("clone"));
    assertThat(admin.syscalls()).noneMatch(r -> r.names().contains("clone3"));
    Seccomp time =
        DefaultSeccomp.forCapabilities(CapabilitySets.apply(List.of("SYS_TIME"), List.of()));
    assertThat(refused(time)).doesNotContain("settimeofday").contains("mount");
  }

  @Test
  void theArchitecturesAreTheNativeOneAndItsCompanions() {
    assertThat(DefaultSeccomp.architectures("amd64"))
        .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    assertThat(DefaultSeccomp.architectures("aarch64"))
        .containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
  }

  @Test
  void theConfigCarriesTheFilterUnlessPrivilegedOrUnasked() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode filtered =
        mapper
            .readTree(
                RuntimeSpecJson.write(
                    RuntimeSpecs.container("/r").args(List.of("true")).seccomp(true).build()))
            .path("linux")
            .path("seccomp");
    assertThat(filtered.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
    JsonNode cloneRule = null;
    for (JsonNode rule : filtered.path("syscalls")) {
      if (rule.path("names").get(0).asText().equals("clone")) {
        cloneRule = rule;
        break;
      }
    }
    assertThat(cloneRule).isNotNull();
    assertThat(cloneRule.path("errnoRet").asInt()).isEqualTo(1);
    assertThat(cloneRule.path("args").get(0).path("index").asInt()).isZero();
    assertThat(cloneRule.path("args").get(0).path("value").asLong())
        .isEqualTo(cloneRule.path("args").get(0).path("valueTwo").asLong());
    assertThat(
            mapper
                .readTree(
                    RuntimeSpecJson.write(
                        RuntimeSpecs.container("/r")
                            .args(List.of("true"))
                            .seccomp(true)
                            .privileged(List.of("CAP_SYS_ADMIN"), List.of())
                            .build()))
                .path("linux")
                .has("seccomp"))
        .isFalse();
    assertThat(
            mapper
                .readTree(
                    RuntimeSpecJson.write(
                        RuntimeSpecs.container("/r").args(List.of("true")).build()))
                .path("linux")
                .has("seccomp"))
        .isFalse();
  }
}
