package io.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's ignore-file rules, from the reference's examples and corner cases. */
class DockerIgnoreTest {

  private static DockerIgnore of(String text) {
    return DockerIgnore.read(
        ".dockerignore", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*/temp*|somedir/temporary.txt|true",
        "*/temp*|somedir/temp|true",
        "*/temp*|temporary.txt|false",
        "*/temp*|a/b/temp|false",
        "*/*/temp*|somedir/subdir/temporary.txt|true",
        "temp?|tempa|true",
        "temp?|tempab|false",
        "temp?|dir/tempa|false",
        "**/*.go|a/b/c.go|true",
        "**/*.go|c.go|true",
        "**/*.go|c.gox|false",
        "foo/**|foo/a/b|true",
        "foo/**/bar|foo/bar|true",
        "foo/**/bar|foo/x/y/bar|true",
        "/foo/bar/|foo/bar|true",
        "./foo/bar|foo/bar|true",
        "foo/bar|foo/bar/deep/file|true",
        "foo//bar/../baz|foo/baz|true",
        "[a-c]at|bat|true",
        "[a-c]at|dat|false",
        "[^a-c]at|dat|true",
        "\\*star|*star|true",
        "\\*star|xstar|false",
        "node_modules|node_modules/x/y.js|true",
        ".|anything|false",
        "*.md|README.md|true",
        "*.md|docs/README.md|false",
      })
  void matches(String pattern, String path, boolean excluded) {
    assertThat(of(pattern + "\n").excludes(path)).isEqualTo(excluded);
  }

  @Test
  void exceptionsAndLastLineWins() {
    DockerIgnore first = of("*.md\n!README*.md\nREADME-secret.md\n");
    assertThat(first.excludes("a.md")).isTrue();
    assertThat(first.excludes("README.md")).isFalse();
    assertThat(first.excludes("README-secret.md")).isTrue();

    DockerIgnore second = of("*.md\nREADME-secret.md\n!README*.md\n");
    assertThat(second.excludes("README-secret.md")).isFalse();
    assertThat(second.excludes("other.md")).isTrue();
  }

  @Test
  void commentsOnlyInColumnOneAndBlankLinesIgnored() {
    DockerIgnore ignore = of("#/this/is/a/comment\n\n   \n  #notcomment\n");
    assertThat(ignore.rules())
        .extracting(DockerIgnore.Rule::pattern)
        .containsExactly("#notcomment");
    assertThat(ignore.excludes("this/is/a/comment")).isFalse();
  }

  @Test
  void excludedDirectoryWithExceptionsBelowIsNotPruned() {
    DockerIgnore ignore = of("vendor\n!vendor/keep/**\n");
    assertThat(ignore.excludes("vendor/drop.txt")).isTrue();
    assertThat(ignore.excludes("vendor/keep/a.txt")).isFalse();
    assertThat(ignore.mayIncludeBelow("vendor")).isTrue();
    assertThat(ignore.mayIncludeBelow("other")).isFalse();
    assertThat(of("vendor\n").mayIncludeBelow("vendor")).isFalse();
  }

  @Test
  void rejectsBadPatterns() {
    assertThatThrownBy(() -> of("ok\n!\n"))
        .hasMessage(".dockerignore:2:1: illegal exclusion pattern: \"!\"");
    assertThatThrownBy(() -> of("[abc\n"))
        .hasMessage(".dockerignore:1:1: bad pattern \"[abc\": unterminated [ character class");
  }

  @Test
  void dockerfileSpecificIgnoreFileWins() {
    Path ctx = Path.of("/ctx");
    Path df = Path.of("/ctx/docker/build.Dockerfile");
    Set<Path> both =
        Set.of(Path.of("/ctx/docker/build.Dockerfile.dockerignore"), Path.of("/ctx/.dockerignore"));
    assertThat(DockerIgnore.locate(ctx, df, both::contains))
        .contains(Path.of("/ctx/docker/build.Dockerfile.dockerignore"));
    assertThat(DockerIgnore.locate(ctx, df, Path.of("/ctx/.dockerignore")::equals))
        .contains(Path.of("/ctx/.dockerignore"));
    assertThat(DockerIgnore.locate(ctx, df, p -> false)).isEmpty();
  }

  @Test
  void cleanFollowsGo() {
    assertThat(List.of("", "./a", "a//b/", "a/../..", "/../x"))
        .map(DockerIgnore::clean)
        .containsExactly(".", "a", "a/b", "..", "/x");
  }
}
