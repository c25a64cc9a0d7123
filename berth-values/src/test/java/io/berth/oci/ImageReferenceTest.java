package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String HEX =
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  /** input | full form | familiar form. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mon_image:1.0|docker.io/library/mon_image:1.0|mon_image:1.0",
        "mon_image|docker.io/library/mon_image:latest|mon_image:latest",
        "busybox|docker.io/library/busybox:latest|busybox:latest",
        "library/busybox|docker.io/library/busybox:latest|busybox:latest",
        "docker.io/busybox|docker.io/library/busybox:latest|busybox:latest",
        "index.docker.io/busybox:1|docker.io/library/busybox:1|busybox:1",
        "foo/bar|docker.io/foo/bar:latest|foo/bar:latest",
        "foo/bar/baz:v1|docker.io/foo/bar/baz:v1|foo/bar/baz:v1",
        "library/a/b|docker.io/library/a/b:latest|library/a/b:latest",
        "localhost/x|localhost/x:latest|localhost/x:latest",
        "localhost:5000/x|localhost:5000/x:latest|localhost:5000/x:latest",
        "localhost:5000/x:2|localhost:5000/x:2|localhost:5000/x:2",
        "registry.example.com/team/app:1.2.3|registry.example.com/team/app:1.2.3"
            + "|registry.example.com/team/app:1.2.3",
        "127.0.0.1:5000/a_b.c-d__e:T_a.g-9|127.0.0.1:5000/a_b.c-d__e:T_a.g-9"
            + "|127.0.0.1:5000/a_b.c-d__e:T_a.g-9",
        "[::1]:5000/x:1|[::1]:5000/x:1|[::1]:5000/x:1",
        "Registry.Example/x|Registry.Example/x:latest|Registry.Example/x:latest",
        "My-Host/x|My-Host/x:latest|My-Host/x:latest",
        "a---b/c|docker.io/a---b/c:latest|a---b/c:latest",
        "x:_tag|docker.io/library/x:_tag|x:_tag",
        "ubuntu@sha256:"
            + HEX
            + "|docker.io/library/ubuntu@sha256:"
            + HEX
            + "|ubuntu@sha256:"
            + HEX,
        "ubuntu:22.04@sha256:"
            + HEX
            + "|docker.io/library/ubuntu:22.04@sha256:"
            + HEX
            + "|ubuntu:22.04@sha256:"
            + HEX,
      })
  void parsesAndNormalises(String input, String full, String familiar) {
    ImageReference ref = ImageReference.parse(input);
    assertThat(ref.toString()).isEqualTo(full);
    assertThat(ref.familiarString()).isEqualTo(familiar);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
    assertThat(ImageReference.parse(ref.familiarString())).isEqualTo(ref);
  }

  /** input | start of the message. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MyImage|invalid reference format: repository name (library/MyImage) must be lowercase",
        "foo/Bar:1|invalid reference format: repository name (foo/Bar) must be lowercase",
        "''|invalid reference format: repository name must have at least one component",
        "x:|invalid reference format: invalid tag in \"x:\"",
        "x:-a|invalid reference format: invalid tag in \"x:-a\"",
        "x:a+b|invalid reference format: invalid tag in \"x:a+b\"",
        "x@sha256:abc|invalid reference format: invalid digest in \"x@sha256:abc\"",
        "x@|invalid reference format: invalid digest",
        "_x|invalid reference format: \"_x\"",
        "x_|invalid reference format: \"x_\"",
        "a//b|invalid reference format: \"a//b\"",
        "a/|invalid reference format: \"a/\"",
        "x..y|invalid reference format: \"x..y\"",
        "x___y|invalid reference format: \"x___y\"",
        "-host.com/x|invalid reference format: \"-host.com/x\"",
        "host.com:port/x|invalid reference format: \"host.com:port/x\"",
        "a b|invalid reference format: \"a b\"",
        HEX + "|invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings",
      })
  void rejects(String input, String message) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageStartingWith(message);
  }

  @Test
  void tagsAreAtMost128Characters() {
    assertThat(ImageReference.parse("x:" + "t".repeat(128)).tag()).hasValue("t".repeat(128));
    assertThatThrownBy(() -> ImageReference.parse("x:" + "t".repeat(129)))
        .hasMessageContaining("invalid tag");
  }

  @Test
  void namesAreAtMost255Characters() {
    String longPath = "a".repeat(255 - "docker.io/library/".length());
    assertThat(ImageReference.parse(longPath).path()).endsWith(longPath);
    assertThatThrownBy(() -> ImageReference.parse(longPath + "a"))
        .hasMessageContaining("must not be more than 255 characters");
  }

  @Test
  void exposesItsParts() {
    ImageReference ref = ImageReference.parse("localhost:5000/team/app:1.0");
    assertThat(ref.domain()).isEqualTo("localhost:5000");
    assertThat(ref.path()).isEqualTo("team/app");
    assertThat(ref.repository()).isEqualTo("localhost:5000/team/app");
    assertThat(ref.familiarName()).isEqualTo("localhost:5000/team/app");
    assertThat(ref.tag()).hasValue("1.0");
    assertThat(ref.digest()).isEmpty();
    assertThat(ref.withTag("2.0").toString()).isEqualTo("localhost:5000/team/app:2.0");
    assertThat(ref.withoutTagOrDigest().toString()).isEqualTo("localhost:5000/team/app");
    Digest d = Digest.parse("sha256:" + HEX);
    assertThat(ref.withDigest(d).digest()).hasValue(d);
  }

  @Test
  void parseNormalizedKeepsABareRepository() {
    ImageReference ref = ImageReference.parseNormalized("mon_image");
    assertThat(ref.tag()).isEmpty();
    assertThat(ref.toString()).isEqualTo("docker.io/library/mon_image");
    assertThat(ref.familiarString()).isEqualTo("mon_image");
  }

  @Test
  void withTagValidatesTheTag() {
    ImageReference ref = ImageReference.parse("x");
    assertThatThrownBy(() -> ref.withTag("bad tag")).hasMessage("invalid tag format \"bad tag\"");
  }

  @Test
  void recognisesImageIds() {
    assertThat(ImageReference.isFullImageId(HEX)).isTrue();
    assertThat(ImageReference.isFullImageId("sha256:" + HEX)).isTrue();
    assertThat(ImageReference.isFullImageId(HEX.substring(1))).isFalse();
    assertThat(ImageReference.isFullImageId("A".repeat(64))).isFalse();
    assertThat(ImageReference.isImageIdPrefix("4f3a")).isTrue();
    assertThat(ImageReference.isImageIdPrefix("sha256:4f3a")).isTrue();
    assertThat(ImageReference.isImageIdPrefix("mon_image")).isFalse();
    assertThat(ImageReference.isImageIdPrefix("")).isFalse();
    assertThat(ImageReference.isImageIdPrefix(HEX + "a")).isFalse();
  }
}
