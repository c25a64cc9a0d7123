package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The inputs the issue names: each ends in a located error, quickly, or parses. */
class PathologicalInputTest {

  @Test
  void megabyteLineParses() {
    String text = "FROM busybox\nRUN echo " + "x".repeat(1 << 20) + "\n";
    Dockerfile df = DockerfileParser.parse("Dockerfile", text);
    assertThat(df.stages().getFirst().instructions()).hasSize(1);
  }

  @Test
  void megabyteUnknownInstructionIsShortened() {
    String text = "FROM busybox\n" + "Y".repeat(1 << 20) + "\n";
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", text))
        .hasMessageStartingWith("Dockerfile:2:1: unknown instruction: YYYY")
        .hasMessageContaining("YYYY... (expected one of FROM, RUN");
  }

  @Test
  void nulByteIsNamed() {
    byte[] bytes = "FROM busybox\nRUN a\0b\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", bytes))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:2:6: unexpected NUL byte: a Dockerfile must be UTF-8 text");
  }

  @Test
  void invalidUtf8IsNamed() {
    byte[] bytes = {'F', 'R', 'O', 'M', ' ', (byte) 0xc3, '\n'};
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", bytes))
        .hasMessage("Dockerfile:1:6: invalid UTF-8 byte 0xc3: a Dockerfile must be UTF-8 text");
  }

  @Test
  void deepNestingInAnInstructionIsReportedByTheLinter() {
    String text = "FROM busybox\nWORKDIR " + "${a:-".repeat(10_000) + "}".repeat(10_000) + "\n";
    assertThat(Linter.check("Dockerfile", text, DockerIgnore.EMPTY, java.util.Optional.empty()))
        .extracting(Diagnostic::toString)
        .contains(
            "Dockerfile:2:1: InvalidVariableExpansion: WORKDIR: variable substitution nested"
                + " deeper than 64 levels");
  }

  @Test
  void deeplyNestedJsonIsShellForm() {
    String text = "FROM busybox\nCMD " + "[".repeat(100_000) + "\n";
    Dockerfile df = DockerfileParser.parse("Dockerfile", text);
    Instruction.Cmd cmd = (Instruction.Cmd) df.stages().getFirst().instructions().getFirst();
    assertThat(cmd.command().execForm()).isFalse();
  }

  @Test
  void unterminatedJsonIsShellFormAndUnterminatedHeredocIsAnError() {
    assertThat(DockerfileParser.parse("Dockerfile", "FROM a\nCMD [\"x\", \"y\n").stages())
        .hasSize(1);
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", "FROM a\nCOPY <<A <<B /\nA\n"))
        .hasMessage(
            "Dockerfile:2:1: unterminated heredoc <<B: expected a line reading B before the end"
                + " of the file");
  }
}
