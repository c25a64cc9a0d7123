package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeSpecJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static RuntimeSpec typical() {
    return RuntimeSpecs.container("rootfs")
        .args(List.of("nginx", "-g", "daemon off;"))
        .env(List.of("NGINX_VERSION=1.27", "PATH=/usr/bin:/bin"))
        .cwd("/srv")
        .user(new ResolvedUser(1000, 1000, List.of(50), "/home/app"))
        .hostname("c0ffee123456")
        .memory(ByteSizes.parse("512m"))
        .cpus(1.5)
        .pidsLimit(100)
        .cgroupsPath(CgroupDriver.CGROUPFS.cgroupsPath("c0ffee"))
        .sysctl("net.ipv4.ip_forward", "1")
        .oomScoreAdj(-10)
        .mount(RuntimeSpecs.bind("/data", "/var/lib/data", true))
        .mount(RuntimeSpecs.tmpfs("/run", List.of("size=1m")))
        .annotation("io.berth.container", "c0ffee")
        .build();
  }

  private static JsonNode json(RuntimeSpec spec) throws Exception {
    return MAPPER.readTree(RuntimeSpecJson.write(spec));
  }

  @Test
  void topLevelFields() throws Exception {
    JsonNode json = json(typical());
    assertThat(fields(json))
        .containsExactly(
            "ociVersion", "process", "root", "hostname", "mounts", "linux", "annotations");
    assertThat(json.path("ociVersion").asText()).isEqualTo("1.0.2");
    assertThat(json.path("root").path("path").asText()).isEqualTo("rootfs");
    assertThat(json.path("root").has("readonly")).isFalse();
    assertThat(json.path("hostname").asText()).isEqualTo("c0ffee123456");
    assertThat(json.path("annotations").path("io.berth.container").asText()).isEqualTo("c0ffee");
  }

  @Test
  void process() throws Exception {
    JsonNode p = json(typical()).path("process");
    assertThat(fields(p))
        .containsExactly("user", "args", "env", "cwd", "capabilities", "oomScoreAdj");
    assertThat(p.path("user").path("uid").asInt()).isEqualTo(1000);
    assertThat(p.path("user").path("gid").asInt()).isEqualTo(1000);
    assertThat(p.path("user").path("additionalGids").get(0).asInt()).isEqualTo(50);
    assertThat(texts(p.path("args"))).containsExactly("nginx", "-g", "daemon off;");
    assertThat(texts(p.path("env")))
        .containsExactly(
            "HOSTNAME=c0ffee123456", "NGINX_VERSION=1.27", "PATH=/usr/bin:/bin", "HOME=/home/app");
    assertThat(p.path("cwd").asText()).isEqualTo("/srv");
    assertThat(p.path("oomScoreAdj").asInt()).isEqualTo(-10);
    JsonNode caps = p.path("capabilities");
    assertThat(fields(caps)).containsExactly("bounding", "effective", "permitted");
    assertThat(texts(caps.path("bounding"))).hasSize(14).contains("CAP_CHOWN", "CAP_AUDIT_WRITE");
    assertThat(caps.path("effective")).isEqualTo(caps.path("bounding"));
  }

  @Test
  void mounts() throws Exception {
    JsonNode mounts = json(typical()).path("mounts");
    List<String> destinations = new ArrayList<>();
    mounts.forEach(m -> destinations.add(m.path("destination").asText()));
    assertThat(destinations)
        .containsExactly(
            "/proc",
            "/dev",
            "/dev/pts",
            "/sys",
            "/sys/fs/cgroup",
            "/dev/mqueue",
            "/dev/shm",
            "/var/lib/data",
            "/run");
    JsonNode dev = mounts.get(1);
    assertThat(dev.path("type").asText()).isEqualTo("tmpfs");
    assertThat(texts(dev.path("options")))
        .containsExactly("nosuid", "strictatime", "mode=755", "size=65536k");
    assertThat(texts(mounts.get(2).path("options")))
        .contains("newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
    assertThat(texts(mounts.get(3).path("options"))).contains("ro");
    assertThat(texts(mounts.get(6).path("options"))).contains("size=67108864");
    JsonNode bind = mounts.get(7);
    assertThat(bind.path("type").asText()).isEqualTo("bind");
    assertThat(bind.path("source").asText()).isEqualTo("/data");
    assertThat(texts(bind.path("options"))).containsExactly("rbind", "rprivate", "ro");
    assertThat(texts(mounts.get(8).path("options"))).endsWith("size=1m");
  }

  @Test
  void linux() throws Exception {
    JsonNode linux = json(typical()).path("linux");
    assertThat(fields(linux))
        .containsExactly(
            "namespaces", "resources", "cgroupsPath", "maskedPaths", "readonlyPaths", "sysctl");
    List<String> types = new ArrayList<>();
    linux.path("namespaces").forEach(n -> types.add(n.path("type").asText()));
    assertThat(types).containsExactly("pid", "ipc", "uts", "mount", "network");
    assertThat(linux.path("namespaces").get(0).has("path")).isFalse();
    assertThat(linux.path("cgroupsPath").asText()).isEqualTo("/berth/c0ffee");
    assertThat(texts(linux.path("maskedPaths"))).hasSize(11).contains("/proc/kcore");
    assertThat(texts(linux.path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
    assertThat(linux.path("sysctl").path("net.ipv4.ip_forward").asText()).isEqualTo("1");
  }

  @Test
  void resources() throws Exception {
    JsonNode r = json(typical()).path("linux").path("resources");
    assertThat(r.path("memory").path("limit").asLong()).isEqualTo(536870912L);
    assertThat(r.path("memory").has("swap")).isFalse();
    assertThat(r.path("cpu").path("quota").asLong()).isEqualTo(150000);
    assertThat(r.path("cpu").path("period").asLong()).isEqualTo(100000);
    assertThat(r.path("cpu").has("shares")).isFalse();
    assertThat(r.path("pids").path("limit").asLong()).isEqualTo(100);
    JsonNode devices = r.path("devices");
    assertThat(devices.get(0).path("allow").asBoolean()).isFalse();
    assertThat(devices.get(0).path("access").asText()).isEqualTo("rwm");
    assertThat(devices.get(0).has("type")).isFalse();
    assertThat(devices.get(1).path("type").asText()).isEqualTo("c");
    assertThat(devices.get(1).has("major")).isFalse();
    assertThat(devices.get(1).path("access").asText()).isEqualTo("m");
    JsonNode nullDevice = devices.get(3);
    assertThat(nullDevice.path("major").asInt()).isEqualTo(1);
    assertThat(nullDevice.path("minor").asInt()).isEqualTo(3);
  }

  @Test
  void minimalSpecLeavesOptionalFieldsOut() throws Exception {
    JsonNode json = json(RuntimeSpecs.container("/r").args(List.of("true")).build());
    assertThat(fields(json)).containsExactly("ociVersion", "process", "root", "mounts", "linux");
    assertThat(fields(json.path("process").path("user"))).containsExactly("uid", "gid");
    assertThat(texts(json.path("process").path("env")))
        .containsExactly("PATH=" + RuntimeSpecs.DEFAULT_PATH, "HOME=/root");
    assertThat(fields(json.path("linux").path("resources"))).containsExactly("devices");
  }

  @Test
  void hostNetworkHasNoNetworkNamespaceAndV2GetsCgroupNamespace() throws Exception {
    JsonNode json =
        json(
            RuntimeSpecs.container("/r")
                .args(List.of("true"))
                .hostNetwork(true)
                .cgroupNamespace(true)
                .build());
    List<String> types = new ArrayList<>();
    json.path("linux").path("namespaces").forEach(n -> types.add(n.path("type").asText()));
    assertThat(types).containsExactly("pid", "ipc", "uts", "mount", "cgroup");
  }

  @Test
  void joinedNetworkNamespaceHasItsPath() throws Exception {
    JsonNode ns =
        json(RuntimeSpecs.container("/r")
                .args(List.of("true"))
                .networkNamespace("/run/netns/berth-1")
                .build())
            .path("linux")
            .path("namespaces")
            .get(4);
    assertThat(ns.path("type").asText()).isEqualTo("network");
    assertThat(ns.path("path").asText()).isEqualTo("/run/netns/berth-1");
  }

  @Test
  void aTerminalsSizeIsWrittenOnlyWhenSetAndOnlyWithATerminal() throws Exception {
    RuntimeSpecs sized =
        RuntimeSpecs.container("/r").args(List.of("sh")).consoleSize(new ConsoleSize(24, 80));
    JsonNode withTerminal = json(sized.terminal(true).build()).path("process");
    assertThat(withTerminal.path("consoleSize").path("height").asInt()).isEqualTo(24);
    assertThat(withTerminal.path("consoleSize").path("width").asInt()).isEqualTo(80);
    assertThat(json(sized.terminal(false).build()).path("process").has("consoleSize")).isFalse();
    JsonNode unset =
        json(RuntimeSpecs.container("/r").args(List.of("sh")).terminal(true).build())
            .path("process");
    assertThat(unset.has("consoleSize")).isFalse();
    assertThatThrownBy(() -> new ConsoleSize(-1, 80)).hasMessageContaining("height -1");
  }

  @Test
  void initReadOnlyTerminalAndCaps() throws Exception {
    JsonNode json =
        json(
            RuntimeSpecs.container("/r")
                .args(List.of("sleep", "1"))
                .init(Path.of("/usr/bin/tini-static"))
                .readOnlyRoot(true)
                .terminal(true)
                .capDrop(List.of("ALL"))
                .capAdd(List.of("chown"))
                .build());
    JsonNode p = json.path("process");
    assertThat(p.path("terminal").asBoolean()).isTrue();
    assertThat(texts(p.path("env"))).contains("TERM=xterm");
    assertThat(texts(p.path("args"))).containsExactly("/sbin/docker-init", "--", "sleep", "1");
    assertThat(texts(p.path("capabilities").path("bounding"))).containsExactly("CAP_CHOWN");
    assertThat(json.path("root").path("readonly").asBoolean()).isTrue();
    JsonNode last = json.path("mounts").get(json.path("mounts").size() - 1);
    assertThat(last.path("destination").asText()).isEqualTo("/sbin/docker-init");
    assertThat(last.path("source").asText()).isEqualTo("/usr/bin/tini-static");
  }

  @Test
  void processAloneForExec() throws Exception {
    ProcessSpec process = typical().process().withArgs(List.of("ps"));
    JsonNode json = MAPPER.readTree(RuntimeSpecJson.write(process));
    assertThat(texts(json.path("args"))).containsExactly("ps");
    assertThat(json.path("user").path("uid").asInt()).isEqualTo(1000);
  }

  @Test
  void privilegedHasTheGivenCapabilitiesAndDevicesAllDevicesAllowedAndNothingMasked()
      throws Exception {
    RuntimeSpec.Device loop =
        new RuntimeSpec.Device(
            "b",
            "/dev/loop0",
            7,
            0,
            java.util.Optional.of(0660),
            java.util.Optional.of(0),
            java.util.Optional.of(6));
    JsonNode spec =
        json(
            RuntimeSpecs.container("rootfs")
                .args(List.of("sh"))
                .capDrop(List.of("CHOWN"))
                .privileged(List.of("CAP_CHOWN", "CAP_SYS_ADMIN"), List.of(loop))
                .build());
    assertThat(texts(spec.path("process").path("capabilities").path("bounding")))
        .containsExactly("CAP_CHOWN", "CAP_SYS_ADMIN");
    JsonNode linux = spec.path("linux");
    assertThat(linux.has("maskedPaths")).isFalse();
    assertThat(linux.has("readonlyPaths")).isFalse();
    JsonNode device = linux.path("devices").get(0);
    assertThat(device.path("path").asText()).isEqualTo("/dev/loop0");
    assertThat(device.path("type").asText()).isEqualTo("b");
    assertThat(device.path("major").asInt()).isEqualTo(7);
    assertThat(device.path("fileMode").asInt()).isEqualTo(0660);
    assertThat(linux.path("resources").path("devices")).hasSize(1);
    assertThat(linux.path("resources").path("devices").get(0).path("allow").asBoolean()).isTrue();
    assertThat(linux.path("resources").path("devices").get(0).path("access").asText())
        .isEqualTo("rwm");
    for (JsonNode m : spec.path("mounts")) {
      if (m.path("destination").asText().matches("/sys(/fs/cgroup)?")) {
        assertThat(texts(m.path("options"))).as(m.toString()).contains("rw").doesNotContain("ro");
      }
    }
  }

  @Test
  void anUnprivilegedContainerKeepsDockersMasksAndReadOnlySys() throws Exception {
    JsonNode spec = json(typical());
    assertThat(texts(spec.path("linux").path("maskedPaths"))).contains("/proc/kcore");
    assertThat(texts(spec.path("linux").path("readonlyPaths"))).contains("/proc/sys");
    for (JsonNode m : spec.path("mounts")) {
      if (m.path("destination").asText().equals("/sys")) {
        assertThat(texts(m.path("options"))).contains("ro");
      }
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
