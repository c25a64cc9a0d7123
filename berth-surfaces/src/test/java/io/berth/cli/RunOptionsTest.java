package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code berth run} flags become the create body docker's CLI would send. */
class RunOptionsTest {
  private static JsonNode body(Map<String, String> env, String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.options.body(run.image, run.command, env, run.detach);
  }

  @Test
  void flagsTranslateIntoConfigAndHostConfig() {
    JsonNode body =
        body(
            Map.of("HOME_DIR", "/root"),
            "-e",
            "A=1",
            "-e",
            "HOME_DIR",
            "-e",
            "UNSET",
            "-v",
            "/x:/y:ro",
            "-v",
            "/anon",
            "--restart",
            "on-failure:3",
            "-m",
            "512m",
            "--cpus",
            "1.5",
            "--name",
            "web",
            "-w",
            "/app",
            "-u",
            "1000:1000",
            "-l",
            "tier=front",
            "--cap-add",
            "NET_ADMIN",
            "--cap-drop",
            "ALL",
            "--read-only",
            "--init",
            "--tmpfs",
            "/run:size=64m",
            "--pids-limit",
            "100",
            "--stop-signal",
            "SIGINT",
            "--stop-timeout",
            "5",
            "--health-cmd",
            "true",
            "--health-interval",
            "30s",
            "--hostname",
            "h1",
            "--network",
            "none",
            "-p",
            "127.0.0.1:8080:80",
            "busybox",
            "sh",
            "-c",
            "echo hi");
    assertThat(body.path("Image").asText()).isEqualTo("busybox");
    assertThat(body.path("Cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
    assertThat(body.path("Env").toString()).isEqualTo("[\"A=1\",\"HOME_DIR=/root\"]");
    assertThat(body.path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(body.path("User").asText()).isEqualTo("1000:1000");
    assertThat(body.path("Hostname").asText()).isEqualTo("h1");
    assertThat(body.path("Labels").toString()).isEqualTo("{\"tier\":\"front\"}");
    assertThat(body.path("Volumes").toString()).isEqualTo("{\"/anon\":{}}");
    assertThat(body.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(body.path("StopTimeout").asInt()).isEqualTo(5);
    assertThat(body.path("Healthcheck").path("Test").toString())
        .isEqualTo("[\"CMD-SHELL\",\"true\"]");
    assertThat(body.path("Healthcheck").path("Interval").asLong()).isEqualTo(30_000_000_000L);
    assertThat(body.path("ExposedPorts").toString()).isEqualTo("{\"80/tcp\":{}}");
    assertThat(body.path("AttachStdout").asBoolean()).isTrue();
    assertThat(body.path("OpenStdin").asBoolean()).isFalse();
    JsonNode host = body.path("HostConfig");
    assertThat(host.path("Binds").toString()).isEqualTo("[\"/x:/y:ro\"]");
    assertThat(host.path("RestartPolicy").toString())
        .isEqualTo("{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
    assertThat(host.path("Memory").asLong()).isEqualTo(536_870_912L);
    assertThat(host.path("NanoCpus").asLong()).isEqualTo(1_500_000_000L);
    assertThat(host.path("CapAdd").toString()).isEqualTo("[\"NET_ADMIN\"]");
    assertThat(host.path("CapDrop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(host.path("Init").asBoolean()).isTrue();
    assertThat(host.path("Tmpfs").toString()).isEqualTo("{\"/run\":\"size=64m\"}");
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(100);
    assertThat(host.path("NetworkMode").asText()).isEqualTo("none");
    assertThat(host.path("PortBindings").toString())
        .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}");
    assertThat(host.path("AutoRemove").asBoolean()).isFalse();
  }

  @Test
  void optionsAfterTheImageBelongToTheCommand() {
    JsonNode body = body(Map.of(), "--rm", "-i", "busybox", "ls", "-l", "--rm");
    assertThat(body.path("Cmd").toString()).isEqualTo("[\"ls\",\"-l\",\"--rm\"]");
    assertThat(body.path("HostConfig").path("AutoRemove").asBoolean()).isTrue();
    assertThat(body.path("OpenStdin").asBoolean()).isTrue();
    assertThat(body.path("AttachStdin").asBoolean()).isTrue();
    assertThat(body.path("StdinOnce").asBoolean()).isTrue();
  }

  @Test
  void mountsEntrypointAndNoHealthcheck() {
    JsonNode body =
        body(
            Map.of(),
            "-d",
            "--mount",
            "type=bind,source=/src,target=/dst,readonly",
            "--entrypoint",
            "",
            "--no-healthcheck",
            "busybox");
    assertThat(body.path("HostConfig").path("Mounts").toString())
        .isEqualTo(
            "[{\"Type\":\"bind\",\"Source\":\"/src\",\"Target\":\"/dst\",\"ReadOnly\":true}]");
    assertThat(body.path("Entrypoint").toString()).isEqualTo("[\"\"]");
    assertThat(body.path("Healthcheck").path("Test").toString()).isEqualTo("[\"NONE\"]");
    assertThat(body.path("AttachStdout").asBoolean()).isFalse();
    assertThat(body.has("Cmd")).isFalse();
  }

  @Test
  void badValuesAreRefusedWithTheFlagNamed() {
    assertThatThrownBy(() -> body(Map.of(), "--rm", "--restart", "always", "busybox"))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("--restart and --rm");
    assertThatThrownBy(() -> body(Map.of(), "--restart", "sometimes", "busybox"))
        .hasMessageContaining("invalid restart policy 'sometimes'");
    assertThatThrownBy(() -> body(Map.of(), "-m", "lots", "busybox"))
        .hasMessageContaining("invalid size: 'lots'");
    assertThatThrownBy(() -> body(Map.of(), "-v", "relative", "busybox"))
        .hasMessageContaining("invalid volume specification: 'relative'");
    assertThatThrownBy(() -> body(Map.of(), "--health-interval", "soon", "busybox"))
        .hasMessageContaining("invalid duration \"soon\"");
    assertThatThrownBy(() -> body(Map.of(), "--mount", "type=bind,source=/a", "busybox"))
        .hasMessageContaining("target is required");
  }
}
