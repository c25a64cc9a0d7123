package io.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.network.Network;
import io.berth.network.Subnet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules berth hands iptables-restore, from its networks and published ports. */
class FirewallTest {

  private static Network network(String name, String bridge, String subnet, boolean internal) {
    return new Network(
        name + "0".repeat(64 - name.length()),
        name,
        "bridge",
        Instant.EPOCH,
        Optional.of(Subnet.parse(subnet)),
        Optional.empty(),
        Optional.empty(),
        bridge,
        internal,
        Map.of(),
        Map.of());
  }

  @Test
  void networksAreMasqueradedIsolatedAndPublishedPortsRewritten() {
    Firewall firewall = new Firewall("BERTH", new HostCommand(Path.of("/nonexistent")));
    String rules =
        firewall.rules(
            List.of(
                network("a", "berth0", "10.210.0.0/16", false),
                network("b", "berth-b", "10.211.0.0/24", true)),
            List.of(new Firewall.Dnat("tcp", "", 8080, "10.210.0.2", 80, "berth0")));
    assertThat(rules)
        .contains(":BERTH-FWD - [0:0]\n")
        .contains("-A BERTH-FWD -j BERTH-ISO1\n")
        .contains("-A BERTH-FWD -i berth0 ! -o berth0 -j ACCEPT\n")
        .contains("-A BERTH-ISO1 -i berth0 ! -o berth0 -j BERTH-ISO2\n")
        .contains("-A BERTH-ISO2 -o berth0 -j DROP\n")
        .contains("-A BERTH-FWD -i berth-b -j DROP\n")
        .contains("-A BERTH-NAT -s 10.210.0.0/16 ! -o berth0 -j MASQUERADE\n")
        .doesNotContain("10.211.0.0/24 ! -o berth-b -j MASQUERADE")
        .contains(
            "-A BERTH-DNAT ! -i berth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination"
                + " 10.210.0.2:80\n")
        .contains(
            "-A BERTH-FWD -d 10.210.0.2/32 ! -i berth0 -o berth0 -p tcp -m tcp --dport 80 -j"
                + " ACCEPT\n");
    assertThat(rules.indexOf("*nat")).isGreaterThan(rules.indexOf("COMMIT"));
  }
}
