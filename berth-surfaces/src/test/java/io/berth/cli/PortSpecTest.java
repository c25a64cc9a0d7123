package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code -p [ip:][hostPort:]containerPort[/proto]} as docker's CLI parses and expands it. */
class PortSpecTest {

  @Test
  void theFormsOfOneSpec() {
    assertThat(PortSpec.parse("80")).containsExactly(new PortSpec("", "", "80/tcp"));
    assertThat(PortSpec.parse("8080:80")).containsExactly(new PortSpec("", "8080", "80/tcp"));
    assertThat(PortSpec.parse("127.0.0.1:8080:80/udp"))
        .containsExactly(new PortSpec("127.0.0.1", "8080", "80/udp"));
    assertThat(PortSpec.parse("127.0.0.1::80"))
        .containsExactly(new PortSpec("127.0.0.1", "", "80/tcp"));
    assertThat(PortSpec.parse("[::1]:8080:80"))
        .containsExactly(new PortSpec("::1", "8080", "80/tcp"));
    assertThat(PortSpec.parse("[::1]::80")).containsExactly(new PortSpec("::1", "", "80/tcp"));
  }

  @Test
  void rangesExpandPairwiseOrKeepTheHostRangeForOnePort() {
    assertThat(PortSpec.parse("8000-8002:80-82"))
        .containsExactly(
            new PortSpec("", "8000", "80/tcp"),
            new PortSpec("", "8001", "81/tcp"),
            new PortSpec("", "8002", "82/tcp"));
    assertThat(PortSpec.parse("80-81/udp"))
        .containsExactly(new PortSpec("", "", "80/udp"), new PortSpec("", "", "81/udp"));
    assertThat(PortSpec.parse("8000-8010:80"))
        .containsExactly(new PortSpec("", "8000-8010", "80/tcp"));
  }

  @Test
  void badSpecsAreRefusedNamingThePart() {
    assertThatThrownBy(() -> PortSpec.parse("80/icmp")).hasMessageContaining("invalid proto: icmp");
    assertThatThrownBy(() -> PortSpec.parse("abc"))
        .hasMessageContaining("invalid containerPort: abc");
    assertThatThrownBy(() -> PortSpec.parse("x:80")).hasMessageContaining("invalid hostPort: x");
    assertThatThrownBy(() -> PortSpec.parse("70000")).hasMessageContaining("invalid containerPort");
    assertThatThrownBy(() -> PortSpec.parse("8000-8001:80-82"))
        .hasMessageContaining("invalid ranges specified for container and host Ports");
    assertThatThrownBy(() -> PortSpec.parse("90-80"))
        .hasMessageContaining("end is before the start");
    assertThatThrownBy(() -> PortSpec.parse("[::1:80")).hasMessageContaining("invalid IP address");
  }

  @Test
  void publishAndExposeBecomeExposedPortsAndPortBindings() {
    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "-p",
            "8080:80",
            "-p",
            "127.0.0.1:8443:443",
            "-p",
            "53:53/udp",
            "--expose",
            "9000-9001",
            "-P",
            "--network",
            "appnet",
            "--network-alias",
            "api",
            "--ip",
            "10.1.0.5",
            "--dns",
            "1.1.1.1",
            "--dns-search",
            "example.org",
            "--add-host",
            "db:10.0.0.9",
            "img");
    JsonNode body = run.options.body(run.image, run.command, Map.of(), true);
    List<String> exposed = new java.util.ArrayList<>();
    body.path("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
    assertThat(exposed)
        .containsExactlyInAnyOrder("80/tcp", "443/tcp", "53/udp", "9000/tcp", "9001/tcp");
    JsonNode host = body.path("HostConfig");
    assertThat(host.path("PortBindings").toString())
        .isEqualTo(
            "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}],"
                + "\"443/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8443\"}],"
                + "\"53/udp\":[{\"HostIp\":\"\",\"HostPort\":\"53\"}]}");
    assertThat(host.path("PublishAllPorts").asBoolean()).isTrue();
    assertThat(host.path("NetworkMode").asText()).isEqualTo("appnet");
    assertThat(host.path("Dns").toString()).isEqualTo("[\"1.1.1.1\"]");
    assertThat(host.path("DnsSearch").toString()).isEqualTo("[\"example.org\"]");
    assertThat(host.path("ExtraHosts").toString()).isEqualTo("[\"db:10.0.0.9\"]");
    assertThat(body.path("NetworkingConfig").toString())
        .isEqualTo(
            "{\"EndpointsConfig\":{\"appnet\":{\"Aliases\":[\"api\"],"
                + "\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.5\"}}}}");
  }
}
