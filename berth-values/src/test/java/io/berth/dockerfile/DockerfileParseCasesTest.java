package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven parser cases: each folder of {@code parse/} holds a Dockerfile and its expected
 * dump, each folder of {@code parse-errors/} a Dockerfile and its expected error message.
 */
class DockerfileParseCasesTest {

  static Stream<Path> parseCases() throws IOException, URISyntaxException {
    return CaseDirectories.under("parse");
  }

  static Stream<Path> errorCases() throws IOException, URISyntaxException {
    return CaseDirectories.under("parse-errors");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseCases")
  void parsesAsDumped(Path dir) throws IOException {
    Dockerfile df =
        DockerfileParser.parse("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")));
    String dump = DockerfileDump.dump(df);
    Path expected = dir.resolve("expected.txt");
    if (CaseDirectories.regenerate()) {
      Files.writeString(CaseDirectories.source(dir).resolve("expected.txt"), dump);
      return;
    }
    assertThat(dump).isEqualTo(Files.readString(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void rejectsWithTheExpectedMessage(Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve("Dockerfile"));
    if (CaseDirectories.regenerate()) {
      try {
        DockerfileParser.parse("Dockerfile", bytes);
        throw new AssertionError(dir + " parsed without error");
      } catch (DockerfileException e) {
        Files.writeString(
            CaseDirectories.source(dir).resolve("expected-error.txt"), e.getMessage() + "\n");
      }
      return;
    }
    String expected = Files.readString(dir.resolve("expected-error.txt")).strip();
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", bytes))
        .isInstanceOf(DockerfileException.class)
        .hasMessage(expected);
  }
}
