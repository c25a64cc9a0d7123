package io.berth.container.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cpuset-cpus} against the CPUs the host has online. */
class BundlesTest {

  @Test
  void aCpuListReadsRangesAndSingleCpus() {
    assertThat(Bundles.cpuList("0-2,5").toString()).isEqualTo("{0, 1, 2, 5}");
    assertThat(Bundles.cpuList("").isEmpty()).isTrue();
    assertThatThrownBy(() -> Bundles.cpuList("3-1")).hasMessageContaining("Invalid value 3-1");
  }

  @Test
  void cpusTheHostDoesNotHaveAreRefusedNamingBoth(@TempDir Path dir) throws Exception {
    Path online = Files.writeString(dir.resolve("online"), "0-1\n");
    Bundles.checkCpusOnline("0,1", online);
    Bundles.checkCpusOnline("1", online);
    assertThatThrownBy(() -> Bundles.checkCpusOnline("0-3", online))
        .hasMessage("Requested CPUs are not available - requested 0-3, available: 0-1");
  }
}
