package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/x86_64, linux/amd64",
    "linux/x86-64, linux/amd64",
    "Linux/AMD64, linux/amd64",
    "linux/amd64/v1, linux/amd64",
    "linux/amd64/v3, linux/amd64/v3",
    "linux/aarch64, linux/arm64",
    "linux/arm64/v8, linux/arm64",
    "linux/arm64/8, linux/arm64",
    "linux/arm, linux/arm/v7",
    "linux/arm/7, linux/arm/v7",
    "linux/arm/v6, linux/arm/v6",
    "linux/arm/5, linux/arm/v5",
    "linux/armhf, linux/arm/v7",
    "linux/armel, linux/arm/v6",
    "linux/i386, linux/386",
    "linux/riscv64, linux/riscv64",
    "windows/amd64, windows/amd64",
    "macos/arm64, darwin/arm64",
  })
  void normalisesAsDockerDoes(String input, String normal) {
    Platform p = Platform.parse(input);
    assertThat(p.toString()).isEqualTo(normal);
    assertThat(Platform.parse(normal)).isEqualTo(p);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "linux|invalid platform \"linux\": expected os/architecture[/variant]",
        "linux/amd64/v3/x|invalid platform \"linux/amd64/v3/x\": expected",
        "linux//v7|invalid platform \"linux//v7\": empty component",
        "linux/am d64|invalid platform \"linux/am d64\": invalid platform architecture",
      })
  void rejectsMalformedPlatforms(String input, String message) {
    assertThatThrownBy(() -> Platform.parse(input)).hasMessageStartingWith(message);
  }

  @Test
  void matchesByOsArchitectureAndVariant() {
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("linux/x86_64"))).isTrue();
    assertThat(Platform.parse("linux/arm64").matches(Platform.parse("linux/arm64/v8"))).isTrue();
    assertThat(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7"))).isFalse();
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("linux/amd64/v3"))).isTrue();
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64"))).isFalse();
  }

  @Test
  void aVariantAlsoRunsOlderOnesAsContainerdAllows() {
    Platform v7 = Platform.parse("linux/arm/v7");
    assertThat(v7.matches(Platform.parse("linux/arm/v6"))).isTrue();
    assertThat(v7.matches(Platform.parse("linux/arm/v5"))).isTrue();
    assertThat(v7.matches(Platform.parse("linux/arm/v8"))).isFalse();
    assertThat(v7.preference(Platform.parse("linux/arm/v7"))).isZero();
    assertThat(v7.preference(Platform.parse("linux/arm/v6")))
        .isLessThan(v7.preference(Platform.parse("linux/arm/v5")));
    Platform v3 = Platform.parse("linux/amd64/v3");
    assertThat(v3.matches(Platform.parse("linux/amd64/v2"))).isTrue();
    assertThat(v3.matches(Platform.parse("linux/amd64"))).isTrue();
    assertThat(v3.matches(Platform.parse("linux/amd64/v4"))).isFalse();
  }

  @Test
  void anIndexServesTheBestVariant() {
    Index index =
        Index.of(
            java.util.List.of(
                manifest("linux/arm/v5", 'a'),
                manifest("linux/arm/v6", 'b'),
                manifest("linux/arm64", 'c'),
                manifest("linux/arm/v7", 'd')));
    assertThat(index.manifestFor(Platform.parse("linux/arm/v7")).orElseThrow().digest().hex())
        .startsWith("d");
    assertThat(index.manifestFor(Platform.parse("linux/arm/v6")).orElseThrow().digest().hex())
        .startsWith("b");
    assertThat(index.manifestFor(Platform.parse("linux/arm/v8")).orElseThrow().digest().hex())
        .startsWith("d");
    assertThat(index.manifestFor(Platform.parse("linux/amd64"))).isEmpty();
  }

  private static Descriptor manifest(String platform, char hex) {
    Descriptor d =
        Descriptor.of(
            MediaType.OCI_MANIFEST, Digest.parse("sha256:" + String.valueOf(hex).repeat(64)), 10);
    return new Descriptor(
        d.mediaType(),
        d.digest(),
        d.size(),
        d.urls(),
        d.annotations(),
        Optional.of(Platform.parse(platform)),
        d.artifactType(),
        d.data());
  }

  @Test
  void currentIsThisMachine() {
    Platform current = Platform.current();
    assertThat(current.os()).isEqualTo("linux");
    String expected =
        switch (System.getProperty("os.arch")) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64" -> "arm64";
          default -> current.architecture();
        };
    assertThat(current.architecture()).isEqualTo(expected);
  }
}
