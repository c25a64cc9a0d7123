package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The PORTS column of {@code berth ps}, as docker 28 prints it from the same {@code Ports}. */
class PortsColumnTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String ports(String json) throws Exception {
    JsonNode node = JSON.readTree(json.replace('\'', '"'));
    return ContainerRows.ports(node);
  }

  @Test
  void aPortPublishedOnEveryAddressShowsBothFamilies() throws Exception {
    assertThat(
            ports(
                "[{'IP':'::','PrivatePort':80,'PublicPort':8080,'Type':'tcp'},"
                    + "{'IP':'0.0.0.0','PrivatePort':80,'PublicPort':8080,'Type':'tcp'}]"))
        .isEqualTo("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
  }

  @Test
  void theSameNumberOnBothSidesGroupsIntoRanges() throws Exception {
    assertThat(
            ports(
                "[{'IP':'0.0.0.0','PrivatePort':8001,'PublicPort':8001,'Type':'tcp'},"
                    + "{'IP':'0.0.0.0','PrivatePort':8000,'PublicPort':8000,'Type':'tcp'},"
                    + "{'IP':'0.0.0.0','PrivatePort':8002,'PublicPort':8002,'Type':'tcp'}]"))
        .isEqualTo("0.0.0.0:8000-8002->8000-8002/tcp");
    assertThat(
            ports(
                "[{'IP':'::','PrivatePort':80,'PublicPort':80,'Type':'tcp'},"
                    + "{'IP':'0.0.0.0','PrivatePort':80,'PublicPort':80,'Type':'tcp'}]"))
        .isEqualTo("0.0.0.0:80->80/tcp, [::]:80->80/tcp");
  }

  @Test
  void exposedPortsAloneAndGapsBreakRanges() throws Exception {
    assertThat(
            ports(
                "[{'PrivatePort':443,'Type':'tcp'},{'PrivatePort':80,'Type':'tcp'},"
                    + "{'PrivatePort':81,'Type':'tcp'},{'PrivatePort':53,'Type':'udp'}]"))
        // docker's order: a range closed by a gap comes first, then each open group in the order
        // it was started
        .isEqualTo("80-81/tcp, 53/udp, 443/tcp");
    assertThat(
            ports(
                "[{'IP':'127.0.0.1','PrivatePort':80,'PublicPort':32768,'Type':'tcp'},"
                    + "{'PrivatePort':9000,'Type':'tcp'}]"))
        .isEqualTo("9000/tcp, 127.0.0.1:32768->80/tcp");
  }

  @Test
  void dockerPortListsInNaturalOrder() throws Exception {
    JsonNode ports =
        JSON.readTree(
            "{\"443/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8443\"}],"
                + "\"80/tcp\":[{\"HostIp\":\"::\",\"HostPort\":\"8080\"},"
                + "{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}],\"9/udp\":null}");
    assertThat(PortCommand.lines(ports, null))
        .containsExactly(
            "80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080", "443/tcp -> 0.0.0.0:8443");
    assertThat(PortCommand.lines(ports, "80")).containsExactly("0.0.0.0:8080", "[::]:8080");
  }
}
