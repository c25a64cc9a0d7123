package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.TestDaemon;
import io.berth.daemon.TestRegistry;
import io.berth.oci.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull against the real registry server from Debian ({@code docker-registry}), through
 * berth's CLI and the real docker CLI: layers compressed on the way out, the same image ID on the
 * way back, an index resolved to the platform asked for, and Docker's errors.
 */
class RegistryIT {
  private static final String DOCKER =
      Files.isExecutable(Path.of("/usr/local/bin/docker"))
          ? "/usr/local/bin/docker"
          : "/usr/bin/docker";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private TestDaemon daemon;
  private TestRegistry registry;
  private Map<String, String> env;
  private String host;

  @BeforeEach
  void start() throws Exception {
    registry = TestRegistry.start(dir.resolve("registry"));
    host = registry.host();
    daemon = TestDaemon.start(dir.resolve("d"));
    env = Map.of("BERTH_HOST", daemon.host());
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : List.of("sh", "cat", "echo")) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Path tar = dir.resolve("rootfs.tar");
    assertThat(
            new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    berth("import", "--change", "ENV PATH=/bin", tar.toString(), "bb:1");
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM bb:1\nRUN echo built > /built\n");
    berth("build", "-q", "-t", "app:1", context.toString());
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
    registry.close();
  }

  private String berth(String... args) {
    CliRun run = CliRun.of(env, args);
    assertThat(run.code()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run.out();
  }

  private record Result(int code, String out) {}

  private Result run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DOCKER_HOST", daemon.host());
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private String docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER));
    command.addAll(List.of(args));
    Result r = run(command.toArray(String[]::new));
    assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  private static String digestIn(String text) {
    Matcher m = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: \\d+").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void berthPushesCompressedLayersAndPullsBackTheSameImage() throws Exception {
    String id = berth("image", "inspect", "--format", "{{.Id}}", "app:1").strip();
    String name = host + "/team/app:1";
    berth("tag", "app:1", name);

    String pushed = berth("push", name);
    assertThat(pushed)
        .startsWith("The push refers to repository [" + host + "/team/app]\n")
        .contains(": Preparing\n")
        .contains(": Pushed\n");
    String digest = digestIn(pushed);

    // The registry holds an OCI manifest with gzip layers, under the digest berth reported.
    Result raw = run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + name);
    assertThat(raw.code()).as(raw.out()).isZero();
    assertThat(Digest.sha256(raw.out().getBytes(UTF_8)).toString()).isEqualTo(digest);
    assertThat(raw.out())
        .contains("application/vnd.oci.image.manifest.v1+json")
        .contains("application/vnd.oci.image.layer.v1.tar+gzip")
        .doesNotContain("layer.v1.tar\"");

    assertThat(berth("image", "inspect", "--format", "{{json .RepoDigests}}", name))
        .contains("\"" + host + "/team/app@" + digest + "\"");

    // A second push sends nothing new.
    assertThat(berth("push", name)).contains(": Layer already exists\n").doesNotContain("Pushed");

    // Gone from the store, pulled back: the same image, runnable.
    berth("rmi", "app:1", name);
    String pulled = berth("pull", name);
    assertThat(pulled)
        .startsWith("1: Pulling from team/app\n")
        .contains(": Pull complete\n")
        .endsWith(
            "Digest: "
                + digest
                + "\nStatus: Downloaded newer image for "
                + name
                + "\n"
                + name
                + "\n");
    assertThat(berth("image", "inspect", "--format", "{{.Id}} {{index .RepoDigests 0}}", name))
        .isEqualTo(id + " " + host + "/team/app@" + digest + "\n");
    assertThat(berth("run", "--rm", name, "cat", "/built")).isEqualTo("built\n");
    assertThat(berth("pull", name)).contains("Status: Image is up to date for " + name);
    assertThat(berth("system", "verify")).contains("no problems");
  }

  @Test
  void theDockerCliPushesAndPullsThroughBerth() throws Exception {
    String name = host + "/app:2";
    docker("tag", "app:1", name);
    String pushed = docker("push", name);
    assertThat(pushed).contains("The push refers to repository [" + host + "/app]");
    String digest = digestIn(pushed);
    docker("rmi", name, "app:1");

    String pulled = docker("pull", name);
    assertThat(pulled)
        .contains("Digest: " + digest)
        .contains("Status: Downloaded newer image for " + name)
        .endsWith(name + "\n");
    assertThat(docker("run", "--rm", name, "cat", "/built")).isEqualTo("built\n");
    assertThat(docker("image", "inspect", "--format", "{{json .RepoDigests}}", name))
        .isEqualTo("[\"" + host + "/app@" + digest + "\"]\n");
    // The repository's digest goes with its last tag, then the image, as Docker; its layers stay
    // (bb:1 and the build cache still use them).
    assertThat(docker("rmi", name))
        .matches(
            "Untagged: "
                + Pattern.quote(name)
                + "\nUntagged: "
                + Pattern.quote(host + "/app@" + digest)
                + "\nDeleted: sha256:[0-9a-f]{64}\n");

    Result missing = run(DOCKER, "pull", host + "/app:nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out())
        .isEqualTo(
            "Error response from daemon: manifest for "
                + host
                + "/app:nope not found: manifest unknown: manifest unknown\n");
    Result local = run(DOCKER, "push", host + "/nothere:1");
    assertThat(local.code()).isEqualTo(1);
    assertThat(local.out())
        .isEqualTo(
            "The push refers to repository ["
                + host
                + "/nothere]\nAn image does not exist locally with the tag: "
                + host
                + "/nothere\n");
  }

  @Test
  void anIndexIsResolvedToThePlatformAskedFor() throws Exception {
    String name = host + "/multi:1";
    berth("tag", "app:1", name);
    String amd64 = digestIn(berth("push", name));
    String amd64Id = berth("image", "inspect", "--format", "{{.Id}}", name).strip();

    // An arm64 sibling: the same layers under a config that says arm64, then an index of both.
    String raw = new String(get("/v2/multi/manifests/1"), UTF_8);
    String config = new String(get("/v2/multi/blobs/" + configDigest(raw)), UTF_8);
    String armConfig = config.replace("\"architecture\":\"amd64\"", "\"architecture\":\"arm64\"");
    assertThat(armConfig).isNotEqualTo(config);
    Digest armConfigDigest = Digest.sha256(armConfig.getBytes(UTF_8));
    uploadBlob("multi", armConfig.getBytes(UTF_8));
    String armManifest =
        raw.replace(configDigest(raw), armConfigDigest.toString())
            .replaceFirst(
                "\"size\":" + config.getBytes(UTF_8).length + "\\b",
                "\"size\":" + armConfig.getBytes(UTF_8).length);
    Digest arm = Digest.sha256(armManifest.getBytes(UTF_8));
    put("/v2/multi/manifests/" + arm, "application/vnd.oci.image.manifest.v1+json", armManifest);
    String index =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d,\"platform\":{\"architecture\":\"arm64\","
                + "\"os\":\"linux\"}},{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d,\"platform\":{\"architecture\":\"amd64\","
                + "\"os\":\"linux\"}}]}")
            .formatted(arm, armManifest.getBytes(UTF_8).length, amd64, raw.getBytes(UTF_8).length);
    put("/v2/multi/manifests/both", "application/vnd.oci.image.index.v1+json", index);
    Digest indexDigest = Digest.sha256(index.getBytes(UTF_8));

    berth("rmi", name, "app:1");
    String both = host + "/multi:both";
    assertThat(berth("pull", both)).contains("Digest: " + indexDigest);
    assertThat(berth("image", "inspect", "--format", "{{.Id}} {{.Architecture}}", both))
        .isEqualTo(amd64Id + " amd64\n");
    assertThat(berth("image", "inspect", "--format", "{{json .RepoDigests}}", both))
        .isEqualTo("[\"" + host + "/multi@" + indexDigest + "\"]\n");
    assertThat(berth("image", "inspect", "--format", "{{.Id}}", host + "/multi@" + indexDigest))
        .isEqualTo(amd64Id + "\n");
    berth("rmi", both);
    berth("pull", "--platform", "linux/arm64", both);
    assertThat(berth("image", "inspect", "--format", "{{.Id}} {{.Architecture}}", both))
        .isEqualTo(armConfigDigest + " arm64\n");
    Result none = run(DOCKER, "pull", "--platform", "linux/s390x", both);
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.out()).contains("no matching manifest for linux/s390x");
  }

  @Test
  void twoPullsOfImagesSharingLayersAtOnceBothSucceed() throws Exception {
    String one = host + "/one:1";
    String two = host + "/two:1";
    berth("tag", "app:1", one);
    berth("tag", "bb:1", two);
    berth("push", one);
    berth("push", two);
    berth("rmi", one, two, "app:1", "bb:1");
    assertThat(berth("images", "-q")).isEmpty();

    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of(env, "pull", one));
    var second =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of(env, "pull", two));
    for (CliRun pull :
        List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS))) {
      assertThat(pull.code()).as(pull.out() + pull.err()).isZero();
    }
    assertThat(berth("run", "--rm", one, "cat", "/built")).isEqualTo("built\n");
    assertThat(berth("run", "--rm", two, "echo", "shared")).isEqualTo("shared\n");
    assertThat(berth("system", "verify")).contains("Checked").contains("2 images: no problems");
  }

  @Test
  void aLayerTheRegistryAlteredIsRefusedAndNothingIsStored() throws Exception {
    String name = host + "/tampered:1";
    berth("tag", "app:1", name);
    String pushed = berth("push", name);
    String raw = new String(get("/v2/tampered/manifests/1"), UTF_8);
    Matcher layers = Pattern.compile("\"digest\":\"sha256:([0-9a-f]{64})\"").matcher(raw);
    List<String> digests = new ArrayList<>();
    while (layers.find()) {
      digests.add(layers.group(1));
    }
    String top = digests.getLast(); // config first, then the layers bottom up
    Path data =
        dir.resolve("registry/data/docker/registry/v2/blobs/sha256")
            .resolve(top.substring(0, 2))
            .resolve(top)
            .resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(data, bytes);
    berth("rmi", name, "app:1");
    String before = berth("images", "-q");

    CliRun pull = CliRun.of(env, "pull", name);
    assertThat(pull.code()).as(pull.out()).isEqualTo(1);
    assertThat(pull.err()).contains("blob digest mismatch: expected sha256:" + top);
    assertThat(pushed).contains("Pushed");
    assertThat(berth("images", "-q")).isEqualTo(before);
    assertThat(berth("system", "verify")).contains("no problems");
    try (var ingest = Files.list(daemon.root().resolve("blobs/ingest"))) {
      assertThat(ingest).as("unfinished blobs left").isEmpty();
    }
  }

  private static String configDigest(String manifest) {
    Matcher m =
        Pattern.compile("\"config\":\\{[^}]*\"digest\":\"(sha256:[0-9a-f]{64})\"")
            .matcher(manifest);
    assertThat(m.find()).as(manifest).isTrue();
    return m.group(1);
  }

  private byte[] get(String path) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + host + path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private void put(String path, String type, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + host + path))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(201);
  }

  private void uploadBlob(String repository, byte[] blob) throws Exception {
    HttpResponse<String> started =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + host + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    URI upload = URI.create("http://" + host).resolve(location);
    String sep = upload.getQuery() == null ? "?" : "&";
    HttpResponse<String> done =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + Digest.sha256(blob)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
  }
}
