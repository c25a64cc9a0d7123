package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code system prune}, {@code system df}'s containers and build cache, {@code rmi}'s per-layer
 * lines and {@code LastTagTime}, through berth's CLI and the real docker CLI.
 */
class SystemPruneIT {
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
    for (String applet : List.of("sh", "true", "echo")) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Path tar = dir.resolve("rootfs.tar");
    run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), "");
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

  private Result run(List<String> command, String stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private Result docker(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    return run(command, stdin);
  }

  private String dockerOk(String... args) throws Exception {
    Result r = docker("", args);
    assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  /** Output with its time words and the column padding they cause taken out. */
  private static String timeless(String text) {
    return text.replaceAll(
            "(Less than a second|About a minute|\\d+ (seconds?|minutes?)) ago", "<time>")
        .replaceAll(" {2,}", "  ");
  }

  /** Builds {@code built:1} from bb:1 with one RUN layer: a build cache record with a layer. */
  private void build() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM bb:1\nRUN echo built > /built\n");
    berth("build", "-q", "-t", "built:1", context.toString());
  }

  @Test
  void systemPruneRemovesStoppedContainersDanglingImagesAndUnusedBuildCache() throws Exception {
    build();
    berth("run", "--name", "stopped", "bb:1", "true");
    String containerId = berth("inspect", "--format", "{{.Id}}", "stopped").strip();

    // df: one stopped container, one build cache record whose layer built:1 shares.
    String df = dockerOk("system", "df");
    assertThat(df)
        .containsPattern("Containers\\s+1\\s+0\\s+")
        .containsPattern("Build Cache\\s+1\\s+0\\s+0B\\s+0B");
    assertThat(berth("system", "df")).isEqualTo(df);
    assertThat(dockerOk("system", "df", "-v"))
        .containsPattern(containerId.substring(0, 12) + "\\s+bb:1\\s+\"true\"\\s+0\\s+\\S+")
        .contains("Exited (0)");

    // Removing built:1 frees its layer from the image: the cache record alone keeps it.
    String builtId = berth("image", "inspect", "--format", "{{.Id}}", "built:1").strip();
    assertThat(berth("rmi", "built:1")).isEqualTo("Untagged: built:1\nDeleted: " + builtId + "\n");
    assertThat(dockerOk("system", "df")).containsPattern("Build Cache\\s+1\\s+0\\s+\\d+B\\s+\\d+B");
    assertThat(timeless(berth("system", "df", "-v")))
        .isEqualTo(timeless(dockerOk("system", "df", "-v")))
        .containsPattern("[0-9a-f]{12} +regular +\\d+B .* 1 +false\n");

    // Answering no removes nothing, as docker.
    Result refused = docker("n\n", "system", "prune");
    assertThat(refused.out())
        .startsWith(
            "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by"
                + " at least one container\n  - all dangling images\n  - unused build cache\n\n"
                + "Are you sure you want to continue? [y/N] ");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code =
        Main.run(
            new Stdio(
                new java.io.ByteArrayInputStream("n\n".getBytes(UTF_8)),
                out,
                new java.io.ByteArrayOutputStream(),
                false),
            env,
            "system",
            "prune");
    assertThat(code).isEqualTo(refused.code());
    assertThat(out.toString(UTF_8)).isEqualTo(refused.out());
    assertThat(dockerOk("ps", "-a", "-q")).isNotBlank();

    String pruned = dockerOk("system", "prune", "-f");
    assertThat(pruned)
        .startsWith("Deleted Containers:\n" + containerId + "\n\nDeleted build cache objects:\n")
        .containsPattern("Total reclaimed space: [1-9][0-9.]*[kM]?B\n$");
    assertThat(dockerOk("ps", "-a", "-q")).isEmpty();
    assertThat(dockerOk("system", "df")).containsPattern("Build Cache\\s+0\\s+0\\s+0B\\s+0B");
    assertThat(berth("system", "verify")).contains("no problems");

    // With -a, images no container uses go too, with their layers.
    String bbId = berth("image", "inspect", "--format", "{{.Id}}", "bb:1").strip();
    assertThat(berth("system", "prune", "-a", "-f"))
        .startsWith("Deleted Images:\nuntagged: bb:1\ndeleted: " + bbId + "\n")
        .containsPattern("\n\nTotal reclaimed space: [1-9][0-9.]*[kM]?B\n$");
    assertThat(berth("images", "-q")).isEmpty();
  }

  @Test
  void rmiListsTheLayersItDeletesAndInspectShowsTheLastTagTime() throws Exception {
    assertThat(dockerOk("image", "inspect", "--format", "{{.Metadata.LastTagTime}}", "bb:1"))
        .matches("20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\+0000 UTC\n");
    berth("run", "--rm", "bb:1", "true"); // unpacks the layer into a snapshot
    String id = berth("image", "inspect", "--format", "{{.Id}}", "bb:1").strip();
    String chain = berth("image", "inspect", "--format", "{{index .RootFS.Layers 0}}", "bb:1");

    // One layer: its chain ID is its diff ID, and Docker lists it after the image.
    assertThat(dockerOk("rmi", "bb:1"))
        .isEqualTo("Untagged: bb:1\nDeleted: " + id + "\nDeleted: " + chain);
  }
}
