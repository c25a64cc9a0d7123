package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code reference} patterns of {@code GET /images/json}: Go's {@code path.Match}. */
class ImageFiltersTest {

  @ParameterizedTest
  @CsvSource({
    "busybox, busybox, true",
    "busy*, busybox, true",
    "*, library/busybox, false",
    "*/*, library/busybox, true",
    "busybox:1.?, busybox:1.36, false",
    "busybox:1.??, busybox:1.36, true",
    "app:[0-9]*, app:1.0, true",
    "app:[0-9]*, app:latest, false",
    "app:[^0-9]*, app:latest, true",
    "app:[!0-9]*, app:!x, true",
    "app:[a\\-z], app:-, true",
    "app:[a\\-z], app:b, false",
    "a\\*b, a*b, true",
    "a\\*b, axb, false",
    "a.b, axb, false",
    "a+b, a+b, true",
  })
  void matchesAsGoPathMatchDoes(String pattern, String name, boolean matches) {
    assertThat(ImageFilters.glob(pattern).matcher(name).matches()).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app:[", "app:[]", "app:[z-a]", "app:[a-", "app\\", "app:[-]"})
  void aMalformedPatternIsRefused(String pattern) {
    assertThatThrownBy(() -> ImageFilters.glob(pattern))
        .hasMessage("invalid filter 'reference=" + pattern + "': syntax error in pattern");
  }
}
