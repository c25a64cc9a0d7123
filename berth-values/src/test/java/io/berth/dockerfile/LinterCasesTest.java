package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linter cases: each folder of {@code check/} holds a Dockerfile, maybe a {@code
 * .dockerignore}, and {@code expected.txt}, one diagnostic a line with its severity.
 */
class LinterCasesTest {

  static Stream<Path> cases() throws IOException, URISyntaxException {
    return CaseDirectories.under("check");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheExpectedDiagnostics(Path dir) throws IOException {
    DockerIgnore ignore = DockerIgnore.EMPTY;
    Path ignoreFile = dir.resolve(".dockerignore");
    if (Files.exists(ignoreFile)) {
      try (InputStream in = Files.newInputStream(ignoreFile)) {
        ignore = DockerIgnore.read(".dockerignore", in);
      }
    }
    String text = Files.readString(dir.resolve("Dockerfile"));
    List<Diagnostic> found = Linter.check("Dockerfile", text, ignore, Optional.empty());
    String actual =
        found.stream().map(d -> d.severity() + " " + d + "\n").collect(Collectors.joining());
    if (CaseDirectories.regenerate()) {
      Files.writeString(CaseDirectories.source(dir).resolve("expected.txt"), actual);
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(dir.resolve("expected.txt")));
  }
}
