package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.container.DetachKeys;
import io.berth.container.ExecConfig;
import io.berth.container.HostConfig;
import io.berth.container.HostResources;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.runtime.ConsoleSize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Docker's request bodies: the terminal fields ({@code ConsoleSize}, {@code DetachKeys}), the finer
 * resource fields, and the fields berth refuses by name rather than ignore.
 */
class ContainerRequestsTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void aConsoleSizeIsHeightThenWidthAndNullIsUnset() throws Exception {
    var create =
        ContainerRequests.create(
            json("{\"Image\":\"bb\",\"Tty\":true,\"HostConfig\":{\"ConsoleSize\":[24,80]}}"),
            Optional.empty(),
            false);
    assertThat(create.hostConfig().consoleSize()).isEqualTo(new ConsoleSize(24, 80));
    var unset =
        ContainerRequests.create(
            json("{\"Image\":\"bb\",\"HostConfig\":{\"ConsoleSize\":null}}"),
            Optional.empty(),
            false);
    assertThat(unset.hostConfig().consoleSize().isSet()).isFalse();
  }

  @Test
  void privilegedIsKeptAndOffByDefault() throws Exception {
    String body = "{\"Image\":\"bb\",\"HostConfig\":{\"Privileged\":true}}";
    assertThat(ContainerRequests.create(json(body), Optional.empty(), false).hostConfig())
        .extracting(h -> h.privileged())
        .isEqualTo(true);
    assertThat(
            ContainerRequests.create(json("{\"Image\":\"bb\"}"), Optional.empty(), false)
                .hostConfig()
                .privileged())
        .isFalse();
  }

  @Test
  void aBadConsoleSizeIsRefusedNamingTheField() {
    for (String bad : new String[] {"[24]", "\"24x80\"", "[24,-1]", "[\"a\",80]"}) {
      assertThatThrownBy(
              () ->
                  ContainerRequests.create(
                      json("{\"Image\":\"bb\",\"HostConfig\":{\"ConsoleSize\":" + bad + "}}"),
                      Optional.empty(),
                      false))
          .isInstanceOfSatisfying(
              BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
          .hasMessageContaining(bad.equals("[24,-1]") ? "width -1" : "HostConfig.ConsoleSize");
    }
  }

  @Test
  void anExecCarriesItsTerminalSizeAndDetachKeys() throws Exception {
    ExecConfig exec =
        ContainerRequests.exec(
            json(
                "{\"Cmd\":[\"sh\"],\"Tty\":true,\"ConsoleSize\":[10,20],"
                    + "\"DetachKeys\":\"ctrl-a,b\"}"));
    assertThat(exec.tty()).isTrue();
    assertThat(exec.consoleSize()).isEqualTo(new ConsoleSize(10, 20));
    assertThat(exec.detachKeys().bytes()).containsExactly(1, 'b');
    ExecConfig plain = ContainerRequests.exec(json("{\"Cmd\":[\"ls\"]}"));
    assertThat(plain.detachKeys()).isEqualTo(DetachKeys.DEFAULT);
    assertThat(plain.consoleSize()).isEqualTo(ConsoleSize.UNSET);
    assertThatThrownBy(
            () -> ContainerRequests.exec(json("{\"Cmd\":[\"ls\"],\"DetachKeys\":\"ctrl-1\"}")))
        .hasMessageStartingWith("Invalid detach keys (ctrl-1) provided");
  }

  /** The HostConfig docker 28's CLI sends for {@code docker create busybox true}, no flags. */
  private static final String DOCKER_CLI_DEFAULTS =
      """
      {"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},
      "NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},
      "AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,
      "CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,
      "GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"",
      "Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,
      "UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,
      "NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],
      "BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],
      "BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,
      "CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,
      "DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,
      "OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,
      "IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null}
      """;

  private static HostConfig host(String hostConfig) throws Exception {
    return ContainerRequests.create(
            json("{\"Image\":\"bb\",\"HostConfig\":" + hostConfig + "}"), Optional.empty(), false)
        .hostConfig();
  }

  private static JsonNode withField(String field, String value) throws Exception {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) json(DOCKER_CLI_DEFAULTS);
    node.set(field, json(value));
    return node;
  }

  @Test
  void theDockerClisBodyWithoutFlagsSetsNothing() throws Exception {
    HostConfig h = host(DOCKER_CLI_DEFAULTS);
    assertThat(h.resources()).isEqualTo(HostResources.NONE);
    assertThat(h.privileged()).isFalse();
  }

  @Test
  void theFinerResourceFieldsAreRead() throws Exception {
    // As docker 28's CLI sends --memory-reservation 32m -m 64m --memory-swap -1 --cpu-shares 512
    // --cpuset-cpus 0 --sysctl kernel.msgmax=65536 --oom-score-adj 300 --ulimit nofile=1024:2048
    // --ulimit nproc=-1 --shm-size 16m --security-opt seccomp=unconfined,no-new-privileges.
    HostResources r =
        host("""
                {"Memory":67108864,"MemoryReservation":33554432,"MemorySwap":-1,"CpuShares":512,
                "CpusetCpus":"0","Sysctls":{"kernel.msgmax":"65536"},"OomScoreAdj":300,
                "Ulimits":[{"Name":"nofile","Hard":2048,"Soft":1024},
                           {"Name":"nproc","Hard":-1,"Soft":-1}],
                "ShmSize":16777216,"SecurityOpt":["seccomp=unconfined","no-new-privileges"]}
                """)
            .resources();
    assertThat(r)
        .isEqualTo(
            new HostResources(
                33554432,
                -1,
                512,
                "0",
                Map.of("kernel.msgmax", "65536"),
                300,
                List.of(
                    new HostResources.Ulimit("nofile", 1024, 2048),
                    new HostResources.Ulimit("nproc", -1, -1)),
                16777216,
                true,
                true));
    assertThat(r.shmBytes()).isEqualTo(16777216);
    assertThat(HostResources.NONE.shmBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void eachFieldBerthDoesNotApplyIsRefusedByItsFlag() throws Exception {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("VolumesFrom", "[\"other\"]"),
            Map.entry("Links", "[\"db:db\"]"),
            Map.entry("IpcMode", "\"host\""),
            Map.entry("PidMode", "\"host\""),
            Map.entry("UTSMode", "\"host\""),
            Map.entry("UsernsMode", "\"private\""),
            Map.entry("CgroupParent", "\"/mine\""),
            Map.entry("CpuQuota", "50000"),
            Map.entry("BlkioWeight", "300"),
            Map.entry("BlkioDeviceReadBps", "[{\"Path\":\"/dev/sda\",\"Rate\":1}]"),
            Map.entry("CpusetMems", "\"0\""),
            Map.entry("OomKillDisable", "true"),
            Map.entry("MemorySwappiness", "10"),
            Map.entry("Devices", "[{\"PathOnHost\":\"/dev/fuse\"}]"),
            Map.entry("VolumeDriver", "\"nfs\""),
            Map.entry("SecurityOpt", "[\"apparmor=mine\"]"));
    Map<String, String> flags =
        Map.ofEntries(
            Map.entry("VolumesFrom", "--volumes-from"),
            Map.entry("Links", "--link"),
            Map.entry("IpcMode", "--ipc host"),
            Map.entry("PidMode", "--pid host"),
            Map.entry("UTSMode", "--uts host"),
            Map.entry("UsernsMode", "--userns private"),
            Map.entry("CgroupParent", "--cgroup-parent"),
            Map.entry("CpuQuota", "--cpu-quota"),
            Map.entry("BlkioWeight", "--blkio-weight"),
            Map.entry("BlkioDeviceReadBps", "--device-read-bps"),
            Map.entry("CpusetMems", "--cpuset-mems"),
            Map.entry("OomKillDisable", "--oom-kill-disable"),
            Map.entry("MemorySwappiness", "--memory-swappiness"),
            Map.entry("Devices", "--device"),
            Map.entry("VolumeDriver", "--volume-driver nfs"),
            Map.entry("SecurityOpt", "--security-opt apparmor=mine"));
    for (var e : refused.entrySet()) {
      JsonNode h = withField(e.getKey(), e.getValue());
      assertThatThrownBy(() -> host(h.toString()))
          .as(e.getKey())
          .isInstanceOfSatisfying(
              BerthException.class, x -> assertThat(x.kind()).isEqualTo(ErrorKind.NOT_IMPLEMENTED))
          .hasMessageContaining(flags.get(e.getKey()));
    }
  }

  @Test
  void theModesBerthBehavesAsAreAccepted() throws Exception {
    assertThat(host(withField("IpcMode", "\"private\"").toString()).resources())
        .isEqualTo(HostResources.NONE);
    assertThat(host(withField("IpcMode", "\"shareable\"").toString()).resources())
        .isEqualTo(HostResources.NONE);
    assertThat(host(withField("UsernsMode", "\"host\"").toString()).resources())
        .isEqualTo(HostResources.NONE);
    assertThat(
            host(withField(
                        "SecurityOpt",
                        "[\"seccomp=unconfined\",\"apparmor:unconfined\",\"label=disable\"]")
                    .toString())
                .resources())
        .extracting(HostResources::noNewPrivileges, HostResources::noSeccomp)
        .containsExactly(false, true);
    // The docker CLI sends a profile file's content after "seccomp=": berth has no such profiles.
    assertThatThrownBy(
            () ->
                host(
                    withField(
                            "SecurityOpt",
                            "[\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_LOG\\\"}\"]")
                        .toString()))
        .hasMessageContaining("--security-opt seccomp={")
        .hasMessageContaining("not implemented");
    assertThat(
            host(withField("SecurityOpt", "[\"no-new-privileges:true\"]").toString())
                .resources()
                .noNewPrivileges())
        .isTrue();
  }

  @Test
  void badResourceValuesAreRefusedWithDockersMessages() {
    Map<String, String> bad =
        Map.of(
            "{\"OomScoreAdj\":1001}", "range for oom score adj is [-1000, 1000]",
            "{\"MemorySwap\":134217728}", "always set the Memory limit",
            "{\"Memory\":134217728,\"MemorySwap\":67108864}", "larger than memory limit",
            "{\"Memory\":67108864,\"MemoryReservation\":134217728}",
                "can not be less than memory reservation",
            "{\"Sysctls\":{\"kernel.hostname\":\"x\"}}", "sysctl 'kernel.hostname' is not allowed",
            "{\"Ulimits\":[{\"Name\":\"files\",\"Soft\":1,\"Hard\":1}]}",
                "invalid ulimit type: files",
            "{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":2,\"Hard\":1}]}",
                "soft limit must be less than or equal to hard limit",
            "{\"ShmSize\":-1}", "SHM size can not be less than 0",
            "{\"CpusetCpus\":\"0-a\"}", "Invalid value 0-a for cpuset cpus");
    bad.forEach(
        (body, message) ->
            assertThatThrownBy(() -> host(body))
                .as(body)
                .isInstanceOfSatisfying(
                    BerthException.class,
                    x -> assertThat(x.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining(message));
  }

  @Test
  void mountsCarryNoCopyAndRefuseSharedPropagation() throws Exception {
    HostConfig h =
        host(
            """
            {"Mounts":[{"Type":"volume","Source":"v","Target":"/d",
                        "VolumeOptions":{"NoCopy":true,"DriverConfig":{}}}],
             "Binds":["ww:/e:nocopy","xx:/f"]}
            """);
    assertThat(h.mounts())
        .extracting(m -> m.target() + " " + m.noCopy())
        .containsExactlyInAnyOrder("/d true", "/e true", "/f false");
    assertThatThrownBy(
            () ->
                host(
                    """
                    {"Mounts":[{"Type":"bind","Source":"/tmp","Target":"/t",
                                "BindOptions":{"Propagation":"rshared"}}]}
                    """))
        .hasMessageContaining("bind propagation rshared is not implemented");
    assertThatThrownBy(() -> host("{\"Binds\":[\"/tmp:/t:rslave\"]}"))
        .hasMessageContaining("bind propagation rslave is not implemented");
    assertThatThrownBy(() -> host("{\"Binds\":[\"/tmp:/t:nocopy\"]}"))
        .hasMessageContaining("only for volumes");
  }

  @Test
  void anExecMayBePrivileged() throws Exception {
    assertThat(ContainerRequests.exec(json("{\"Cmd\":[\"id\"],\"Privileged\":true}")).privileged())
        .isTrue();
    assertThat(ContainerRequests.exec(json("{\"Cmd\":[\"id\"]}")).privileged()).isFalse();
  }
}
