package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** go-units' sizes and durations, as the docker CLI prints them. */
class HumanUnitsTest {
  @Test
  void decimalSizesWithDockersPrecision() {
    assertThat(HumanUnits.humanSize(0, 3)).isEqualTo("0B");
    assertThat(HumanUnits.humanSize(999, 3)).isEqualTo("999B");
    assertThat(HumanUnits.humanSize(1000, 3)).isEqualTo("1kB");
    assertThat(HumanUnits.humanSize(7_300_000, 3)).isEqualTo("7.3MB");
    assertThat(HumanUnits.humanSize(4_261_376, 3)).isEqualTo("4.26MB");
    assertThat(HumanUnits.humanSize(1_234_567_890, 3)).isEqualTo("1.23GB");
    assertThat(HumanUnits.humanSize(4_261_376)).isEqualTo("4.261MB");
  }

  @Test
  void goPrintsAnExponentWhenRoundingReachesTheNextUnit() {
    assertThat(HumanUnits.humanSize(999_600, 3)).isEqualTo("1e+03kB");
    assertThat(HumanUnits.goG(100, 3)).isEqualTo("100");
    assertThat(HumanUnits.goG(0.0001, 3)).isEqualTo("0.0001");
    assertThat(HumanUnits.goG(0.00001234, 3)).isEqualTo("1.23e-05");
  }

  @Test
  void binarySizes() {
    assertThat(HumanUnits.bytesSize(1024)).isEqualTo("1KiB");
    assertThat(HumanUnits.bytesSize(512L * 1024 * 1024)).isEqualTo("512MiB");
    assertThat(HumanUnits.bytesSize(25_158_897_664L)).isEqualTo("23.43GiB");
  }

  @Test
  void durationsReadAsDockersDo() {
    assertThat(HumanUnits.humanDuration(Duration.ofMillis(300))).isEqualTo("Less than a second");
    assertThat(HumanUnits.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
    assertThat(HumanUnits.humanDuration(Duration.ofSeconds(3))).isEqualTo("3 seconds");
    assertThat(HumanUnits.humanDuration(Duration.ofSeconds(90))).isEqualTo("About a minute");
    assertThat(HumanUnits.humanDuration(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    assertThat(HumanUnits.humanDuration(Duration.ofMinutes(61))).isEqualTo("About an hour");
    assertThat(HumanUnits.humanDuration(Duration.ofHours(30))).isEqualTo("30 hours");
    assertThat(HumanUnits.humanDuration(Duration.ofDays(3))).isEqualTo("3 days");
    assertThat(HumanUnits.humanDuration(Duration.ofDays(20))).isEqualTo("2 weeks");
    assertThat(HumanUnits.humanDuration(Duration.ofDays(90))).isEqualTo("3 months");
    assertThat(HumanUnits.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
    Instant now = Instant.parse("2025-01-01T00:00:10Z");
    assertThat(HumanUnits.ago(now.minusSeconds(3), now)).isEqualTo("3 seconds ago");
  }

  @Test
  void memoryFlagsInBytes() {
    assertThat(HumanUnits.ramInBytes("-m", "512m")).isEqualTo(512L * 1024 * 1024);
    assertThat(HumanUnits.ramInBytes("-m", "1g")).isEqualTo(1L << 30);
    assertThat(HumanUnits.ramInBytes("-m", "100")).isEqualTo(100);
    assertThat(HumanUnits.ramInBytes("-m", "64MB")).isEqualTo(64L << 20);
  }

  @Test
  void idsAndCommandsAreCutAsDockerCutsThem() {
    assertThat(Ids.truncate("sha256:0123456789abcdef0123")).isEqualTo("0123456789ab");
    assertThat(Ids.quote(Ids.ellipsis("sleep 30 && echo done and more", 20)))
        .isEqualTo("\"sleep 30 && echo do…\"");
    assertThat(Ids.quote("echo \"hi\"\n")).isEqualTo("\"echo \\\"hi\\\"\\n\"");
  }
}
