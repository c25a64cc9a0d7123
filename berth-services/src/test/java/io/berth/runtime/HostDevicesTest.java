package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostDevicesTest {

  @Test
  void deviceNumbersAreSplitAsGlibcSplitsThem() {
    long loop0 = 0x0700;
    assertThat(HostDevices.major(loop0)).isEqualTo(7);
    assertThat(HostDevices.minor(loop0)).isEqualTo(0);
    // makedev(259, 300): major above 255 and minor above 255 use the high bits.
    long big = ((259L & 0xfff) << 8) | (300L & 0xff) | ((300L & ~0xffL) << 12);
    assertThat(HostDevices.major(big)).isEqualTo(259);
    assertThat(HostDevices.minor(big)).isEqualTo(300);
  }

  @Test
  void theHostsNullDeviceIsListedAndItsPseudoTerminalsAreNot() {
    List<RuntimeSpec.Device> devices = HostDevices.under(Path.of("/dev"));
    assertThat(devices)
        .anySatisfy(
            d -> {
              assertThat(d.path()).isEqualTo("/dev/null");
              assertThat(d.type()).isEqualTo("c");
              assertThat(d.major()).isEqualTo(1);
              assertThat(d.minor()).isEqualTo(3);
              assertThat(d.fileMode()).contains(0666);
            });
    assertThat(devices)
        .noneMatch(d -> d.path().startsWith("/dev/pts/") || d.path().equals("/dev/console"));
  }
}
