package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

  @Test
  void bridgeHostsListExtraHostsTheContainerAndItsPeers() {
    String hosts =
        HostFiles.hosts(
            "web",
            "10.210.0.2",
            List.of(
                HostFiles.extraHost("db:10.0.0.9", "10.210.0.1"),
                HostFiles.extraHost("host.docker.internal:host-gateway", "10.210.0.1")),
            List.of(new HostFiles.Entry("10.210.0.3", List.of("api", "api-alias"))));
    assertThat(hosts)
        .endsWith(
            "ff02::2\tip6-allrouters\n10.0.0.9\tdb\n10.210.0.1\thost.docker.internal\n"
                + "10.210.0.2\tweb\n10.210.0.3\tapi api-alias\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostFiles.extraHost("nocolon", ""))
        .hasMessageContaining("bad format");
  }

  @Test
  void dnsFlagsReplaceTheHostsLines() {
    String host = "nameserver 10.0.0.53\nsearch lan\noptions ndots:2\n";
    assertThat(
            HostFiles.resolvConf(
                host, new DnsSettings(List.of("1.1.1.1"), List.of("example.org"), List.of())))
        .isEqualTo("options ndots:2\nnameserver 1.1.1.1\nsearch example.org\n");
    assertThat(HostFiles.resolvConf(host, DnsSettings.HOST)).isEqualTo(host);
  }
}
