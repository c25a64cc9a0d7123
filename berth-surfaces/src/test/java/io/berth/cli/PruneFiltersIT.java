package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code until} and {@code label} filters of the prune and list endpoints, through the real
 * docker CLI and berth's: a prune removes only what its filters select, and an unknown filter is
 * refused before anything is removed.
 */
class PruneFiltersIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";

  @TempDir Path dir;
  private TestDaemon daemon;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemon.start(dir.resolve("d"));
    env = Map.of("BERTH_HOST", daemon.host());
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : List.of("sh", "true", "sleep")) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Path tar = dir.resolve("rootfs.tar");
    Result tarred = run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
    assertThat(tarred.code()).as(tarred.out()).isZero();
    berth("import", "--change", "ENV PATH=/bin", tar.toString(), "bb:1");
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private String berth(String... args) {
    CliRun run = CliRun.of(env, args);
    assertThat(run.code()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run.out();
  }

  private record Result(int code, String out) {}

  private Result run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private Result docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return run(command);
  }

  private String dockerOk(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  /** Creates a stopped container {@code name} with {@code labels}; returns its ID. */
  private String create(String name, String... labels) {
    List<String> args = new ArrayList<>(List.of("create", "--name", name));
    Arrays.stream(labels).forEach(l -> args.addAll(List.of("--label", l)));
    args.addAll(List.of("bb:1", "true"));
    return berth(args.toArray(String[]::new)).strip();
  }

  private List<String> names() throws Exception {
    return dockerOk("ps", "-a", "--format", "{{.Names}}").lines().sorted().toList();
  }

  @Test
  void containerPruneRemovesOnlyWhatItsFiltersSelect() throws Exception {
    String oldNo = create("old-no", "keep=no");
    String oldYes = create("old-yes", "keep=yes");
    Thread.sleep(1500);
    Instant cut = Instant.now();
    Thread.sleep(1500);
    String newNo = create("new-no", "keep=no");
    String newYes = create("new-yes", "keep=yes");
    String plain = create("new-plain");
    berth("run", "-d", "--name", "running", "--label", "keep=no", "bb:1", "sleep", "600");
    List<String> all = List.of("new-no", "new-plain", "new-yes", "old-no", "old-yes", "running");

    // An unknown filter is refused, as dockerd does, and nothing is removed.
    Result refused = docker("container", "prune", "-f", "--filter", "status=exited");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).isEqualTo("Error response from daemon: invalid filter 'status'\n");
    CliRun berthRefused = CliRun.of(env, "container", "prune", "-f", "--filter", "status=exited");
    assertThat(berthRefused.code()).isEqualTo(refused.code());
    assertThat(berthRefused.err()).isEqualTo(refused.out());
    Result badUntil = docker("container", "prune", "-f", "--filter", "until=yesterday");
    assertThat(badUntil.code()).isEqualTo(1);
    assertThat(badUntil.out()).contains("invalid filter 'until=yesterday'");
    assertThat(names()).isEqualTo(all);

    // until as a Go duration: every container is younger than a day, so none goes.
    assertThat(dockerOk("container", "prune", "-f", "--filter", "until=24h"))
        .isEqualTo("Total reclaimed space: 0B\n");
    assertThat(berth("container", "prune", "-f", "--filter", "until=10m"))
        .isEqualTo("Total reclaimed space: 0B\n");
    assertThat(names()).isEqualTo(all);

    // until as an RFC 3339 time: the containers created before it go, the recent ones stay.
    String byTime = dockerOk("container", "prune", "-f", "--filter", "until=" + cut);
    assertThat(deleted(byTime)).containsExactlyInAnyOrder(oldNo, oldYes);
    assertThat(names()).containsExactly("new-no", "new-plain", "new-yes", "running");

    // label=k=v: only the stopped containers with that value go; the running one stays.
    String byLabel = berth("container", "prune", "-f", "--filter", "label=keep=no");
    assertThat(deleted(byLabel)).containsExactly(newNo);
    assertThat(names()).containsExactly("new-plain", "new-yes", "running");

    // label!=k: the stopped containers without the label go.
    String byMissing = dockerOk("container", "prune", "-f", "--filter", "label!=keep");
    assertThat(deleted(byMissing)).containsExactly(plain);

    // until as Unix seconds, with a label: system prune passes the filters to container prune.
    long now = Instant.now().getEpochSecond() + 1;
    String system =
        dockerOk("system", "prune", "-f", "--filter", "until=" + now, "--filter", "label=keep");
    assertThat(deleted(system)).containsExactly(newYes);
    assertThat(names()).containsExactly("running");
    berth("rm", "-f", "running");
  }

  /** The IDs under {@code Deleted Containers:} in a prune's output. */
  private static List<String> deleted(String output) {
    List<String> ids = new ArrayList<>();
    boolean inside = false;
    for (String line : output.lines().toList()) {
      if (line.equals("Deleted Containers:")) {
        inside = true;
      } else if (line.isEmpty()) {
        inside = false;
      } else if (inside) {
        ids.add(line);
      }
    }
    return ids;
  }

  @Test
  void volumeNetworkAndImageFiltersAreAppliedOrRefused() throws Exception {
    // Volumes: ls by label and driver, prune by label only among the unused ones.
    berth("volume", "create", "--label", "keep=no", "v-no");
    dockerOk("volume", "create", "--label", "keep=yes", "v-yes");
    dockerOk("volume", "create", "v-plain");
    assertThat(dockerOk("volume", "ls", "-q", "--filter", "label=keep=no")).isEqualTo("v-no\n");
    assertThat(berth("volume", "ls", "-q", "--filter", "label=keep").lines().sorted())
        .containsExactly("v-no", "v-yes");
    assertThat(dockerOk("volume", "ls", "-q", "--filter", "driver=local").lines()).hasSize(3);
    assertThat(docker("volume", "ls", "--filter", "until=1h").out())
        .isEqualTo("Error response from daemon: invalid filter 'until'\n");
    assertThat(dockerOk("volume", "prune", "-a", "-f", "--filter", "label=keep=no"))
        .startsWith("Deleted Volumes:\nv-no\n");
    assertThat(berth("volume", "prune", "-a", "-f", "--filter", "label!=keep"))
        .startsWith("Deleted Volumes:\nv-plain\n");
    assertThat(dockerOk("volume", "ls", "-q")).isEqualTo("v-yes\n");

    // Networks: prune by label spares the others; ls refuses label!.
    dockerOk("network", "create", "--label", "keep=no", "n-no");
    dockerOk("network", "create", "--label", "keep=yes", "n-yes");
    assertThat(dockerOk("network", "ls", "--format", "{{.Name}}", "--filter", "label=keep=no"))
        .isEqualTo("n-no\n");
    assertThat(docker("network", "ls", "--filter", "label!=keep").out())
        .isEqualTo("Error response from daemon: invalid filter 'label!'\n");
    assertThat(dockerOk("network", "prune", "-f", "--filter", "until=24h")).isEmpty();
    assertThat(dockerOk("network", "prune", "-f", "--filter", "label=keep=no"))
        .isEqualTo("Deleted Networks:\nn-no\n\n");
    assertThat(dockerOk("network", "ls", "--format", "{{.Name}}", "--filter", "type=custom"))
        .isEqualTo("n-yes\n");
    dockerOk("network", "rm", "n-yes");

    // Images: until is applied to the listing; a bad dangling value is refused.
    String id = berth("image", "inspect", "--format", "{{.Id}}", "bb:1").strip();
    assertThat(dockerOk("images", "-q", "--no-trunc", "--filter", "until=24h")).isEmpty();
    assertThat(dockerOk("images", "-q", "--no-trunc", "--filter", "until=0s")).isEqualTo(id + "\n");
    assertThat(berth("images", "-q", "--no-trunc", "--filter", "until=" + Instant.now()))
        .isEqualTo(id + "\n");
    assertThat(docker("images", "--filter", "dangling=maybe").out())
        .isEqualTo("Error response from daemon: invalid filter 'dangling=[maybe]'\n");
    assertThat(dockerOk("image", "prune", "-a", "-f", "--filter", "until=24h"))
        .isEqualTo("Total reclaimed space: 0B\n");
    assertThat(dockerOk("images", "-q")).isNotEmpty();

    // ps: volume names a volume or a destination; before and since name a container.
    berth("create", "--name", "with-vol", "-v", "v-yes:/data", "bb:1", "true");
    berth("create", "--name", "later", "bb:1", "true");
    assertThat(dockerOk("ps", "-a", "--format", "{{.Names}}", "--filter", "volume=v-yes"))
        .isEqualTo("with-vol\n");
    assertThat(berth("ps", "-a", "--format", "{{.Names}}", "--filter", "volume=/data"))
        .isEqualTo("with-vol\n");
    assertThat(dockerOk("ps", "-a", "--format", "{{.Names}}", "--filter", "since=with-vol"))
        .isEqualTo("later\n");
    assertThat(berth("ps", "-a", "--format", "{{.Names}}", "--filter", "before=later"))
        .isEqualTo("with-vol\n");
    assertThat(docker("ps", "--filter", "before=ghost").out())
        .isEqualTo("Error response from daemon: No such container: ghost\n");
  }
}
