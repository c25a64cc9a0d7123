package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Feeds arbitrary bytes to the parser, the linter and the expander: nothing but an INVALID_ARGUMENT
 * error may come out. In a normal build (regression mode) it runs the seeds in {@code
 * DockerfileFuzzTestInputs/}; to fuzz, run {@code JAZZER_FUZZ=1 ./mvnw -pl berth-values test
 * -Dtest=DockerfileFuzzTest -Djazzer.max_duration=2m} and add any crash file it writes as a seed.
 */
class DockerfileFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void parserNeverThrowsAnythingElse(byte[] input) {
    try {
      Dockerfile df = DockerfileParser.parse("Dockerfile", input);
      assertThat(df.stages()).isNotEmpty();
    } catch (BerthException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
      assertThat(e.getMessage()).startsWith("Dockerfile:");
    }
    String text = new String(input, StandardCharsets.UTF_8);
    Linter.check("Dockerfile", text.replace('\0', ' '), DockerIgnore.EMPTY, Optional.empty());
    try {
      new ShellWordExpander('\\').expand(text, name -> Optional.of(name));
    } catch (BerthException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
    try {
      DockerIgnore.parse(".dockerignore", text.lines().toList()).excludes("a/b/c");
    } catch (DockerfileException e) {
      assertThat(e.getMessage()).startsWith(".dockerignore:");
    }
  }
}
