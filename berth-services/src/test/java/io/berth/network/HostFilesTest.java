package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostFilesTest {

  @Test
  void loopbackNameserversAreDroppedAndDefaultsAddedWhenNoneIsLeft() {
    assertThat(HostFiles.resolvConf("nameserver 127.0.0.53\nsearch lan\n", NetworkMode.BRIDGE))
        .isEqualTo("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    assertThat(HostFiles.resolvConf("nameserver 10.0.0.1\nnameserver ::1\n", NetworkMode.NONE))
        .isEqualTo("nameserver 10.0.0.1\n");
  }

  @Test
  void theHostNetworkKeepsTheHostsFiles() {
    assertThat(HostFiles.resolvConf("nameserver 127.0.0.53\n", NetworkMode.HOST))
        .isEqualTo("nameserver 127.0.0.53\n");
    assertThat(HostFiles.hosts("c1", NetworkMode.HOST, "host-file")).isEqualTo("host-file");
    assertThat(HostFiles.hosts("c1", NetworkMode.NONE, "")).contains("127.0.1.1\tc1\n");
  }

  @Test
  void networkModesParseAsDockersNames() {
    assertThat(NetworkMode.parse("default")).isEqualTo(NetworkMode.BRIDGE);
    assertThat(NetworkMode.parse("host")).isEqualTo(NetworkMode.HOST);
    assertThat(NetworkMode.parse("mynet")).isEqualTo(NetworkMode.BRIDGE);
    assertThat(NetworkMode.networkName("default")).isEqualTo("bridge");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkMode.parse("container:web"))
        .hasMessageContaining("not implemented");
  }
}
