package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest
  @CsvSource({
    "100, 100",
    "1k, 1024",
    "512m, 536870912",
    "512M, 536870912",
    "1g, 1073741824",
    "1GB, 1073741824",
    "1gib, 1073741824",
    "1.5k, 1536",
    "2t, 2199023255552",
    "10b, 10"
  })
  void parsesDockerSizes(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12x", "", "-1", "m", "1 g b", "1.2.3m"})
  void rejectsBadSizesAsDocker(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(BerthException.class)
        .hasMessage("invalid size: '" + text + "'")
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.INVALID_ARGUMENT);
  }

  @Test
  void rejectsSizesBeyondALong() {
    assertThatThrownBy(() -> ByteSizes.parse("9000000p")).hasMessageContaining("invalid size");
  }
}
