package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessArgsTest {

  private static final List<String> ENTRYPOINT = List.of("/docker-entrypoint.sh");
  private static final List<String> CMD = List.of("nginx", "-g", "daemon off;");

  @Test
  void entrypointThenCmd() {
    assertThat(ProcessArgs.combine(ENTRYPOINT, CMD, Optional.empty(), List.of()))
        .containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
  }

  @Test
  void runArgumentsReplaceCmd() {
    assertThat(ProcessArgs.combine(ENTRYPOINT, CMD, Optional.empty(), List.of("sh")))
        .containsExactly("/docker-entrypoint.sh", "sh");
  }

  @Test
  void cmdAloneWithoutEntrypoint() {
    assertThat(ProcessArgs.combine(List.of(), List.of("sh"), Optional.empty(), List.of()))
        .containsExactly("sh");
  }

  @Test
  void entrypointOverrideDropsTheImageCmd() {
    assertThat(ProcessArgs.combine(ENTRYPOINT, CMD, Optional.of(List.of("ls")), List.of()))
        .containsExactly("ls");
  }

  @Test
  void entrypointOverrideWithRunArguments() {
    assertThat(ProcessArgs.combine(ENTRYPOINT, CMD, Optional.of(List.of("ls")), List.of("-l")))
        .containsExactly("ls", "-l");
  }

  @Test
  void emptyEntrypointOverrideClearsIt() {
    assertThat(ProcessArgs.combine(ENTRYPOINT, CMD, Optional.of(List.of("")), List.of("id")))
        .containsExactly("id");
  }

  @Test
  void nothingToRunIsAnError() {
    assertThatThrownBy(
            () -> ProcessArgs.combine(ENTRYPOINT, CMD, Optional.of(List.of("")), List.of()))
        .hasMessage("no command specified");
    assertThatThrownBy(() -> ProcessArgs.combine(List.of(), List.of(), Optional.empty(), List.of()))
        .hasMessage("no command specified");
  }
}
