package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {

  @Test
  void parsesAndPrintsCidr() {
    Subnet s = Subnet.parse("10.210.0.0/16");
    assertThat(s.toString()).isEqualTo("10.210.0.0/16");
    assertThat(Ipv4.text(s.firstHost())).isEqualTo("10.210.0.1");
    assertThat(s.size()).isEqualTo(65536);
    assertThat(s.contains(Ipv4.parse("10.210.255.254"))).isTrue();
    assertThat(s.contains(Ipv4.parse("10.211.0.1"))).isFalse();
    assertThat(Subnet.containing(Ipv4.parse("192.168.5.77"), 24).toString())
        .isEqualTo("192.168.5.0/24");
  }

  @Test
  void overlapsEitherWay() {
    Subnet big = Subnet.parse("10.211.0.0/16");
    assertThat(big.overlaps(Subnet.parse("10.211.7.0/24"))).isTrue();
    assertThat(Subnet.parse("10.211.7.0/24").overlaps(big)).isTrue();
    assertThat(big.overlaps(Subnet.parse("10.212.0.0/24"))).isFalse();
    assertThat(Subnet.parse("0.0.0.0/0").overlaps(big)).isTrue();
  }

  @Test
  void badInputNamesTheText() {
    assertThatThrownBy(() -> Subnet.parse("10.0.0.0")).hasMessageContaining("10.0.0.0");
    assertThatThrownBy(() -> Subnet.parse("10.0.0.1/24"))
        .hasMessageContaining("host bits are set (did you mean 10.0.0.0/24?)");
    assertThatThrownBy(() -> Subnet.parse("10.0.0.0/33")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Ipv4.parse("10.0.0.256")).hasMessageContaining("10.0.0.256");
    assertThatThrownBy(() -> ContainerPort.parse("80/icmp")).hasMessageContaining("80/icmp");
    assertThatThrownBy(() -> new PortBinding("", "9000-8000")).hasMessageContaining("9000-8000");
  }
}
