package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where registries answer, and how their errors read. */
class EndpointTest {

  @Test
  void dockerHubIsItsRegistryHost() {
    assertThat(Endpoint.of("docker.io").base())
        .isEqualTo(URI.create("https://registry-1.docker.io"));
  }

  @Test
  void loopbackRegistriesAreSpokenToOverHttpAndOthersOverHttps() {
    assertThat(Endpoint.of("localhost:5000").base()).isEqualTo(URI.create("http://localhost:5000"));
    assertThat(Endpoint.of("127.0.0.1:5000").base().getScheme()).isEqualTo("http");
    assertThat(Endpoint.of("127.9.8.7").base().getScheme()).isEqualTo("http");
    assertThat(Endpoint.of("[::1]:5000").base()).isEqualTo(URI.create("http://[::1]:5000"));
    assertThat(Endpoint.of("example.com:5000").base().getScheme()).isEqualTo("https");
    assertThat(Endpoint.of("localhost.example.com").base().getScheme()).isEqualTo("https");
    assertThat(Endpoint.of("128.0.0.1").base().getScheme()).isEqualTo("https");
  }

  @Test
  void pathsGoUnderV2() {
    assertThat(Endpoint.of("localhost:5000").resolve("team/app", "manifests/1"))
        .isEqualTo(URI.create("http://localhost:5000/v2/team/app/manifests/1"));
  }

  @Test
  void registryErrorsAreReadFromTheirJsonList() {
    byte[] body =
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"},{\"code\":\"X\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(RegistryClient.registryError(body, "fallback")).isEqualTo("manifest unknown; X");
    assertThat(RegistryClient.registryError("<html>".getBytes(StandardCharsets.UTF_8), "fb"))
        .isEqualTo("fb");
  }

  @Test
  void credentialsDoNotShowTheirPassword() {
    assertThat(new Credentials("me", "secret").toString()).doesNotContain("secret");
  }
}
