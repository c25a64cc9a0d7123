package io.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.build.BuildRequest;
import io.berth.build.BuildResult;
import io.berth.build.BuildService;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.oci.ImageReference;
import io.berth.oci.Platform;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /build}: the classic builder's protocol. The context comes as a tar stream, is
 * unpacked under {@code <root>/build/contexts/<id>} and, after the build, kept for a client that
 * sends the same tar again ({@link KeptContexts}); progress goes back as Docker's JSON messages; a
 * client that hangs up interrupts the build.
 *
 * <p>Two berth-only extensions, which the docker CLI never sends: {@code berthcontext=DIR} (with
 * {@code berthcontextid}) has the engine read a context directory the client shares with the daemon
 * in place ({@link InPlaceContext}), and {@code berthsecrets=N} says the body starts with N bytes
 * of build secrets ({@link BuildSecrets}).
 */
public final class BuildRoutes implements RouteGroup {
  private static final System.Logger LOG = System.getLogger(BuildRoutes.class.getName());

  /**
   * Query parameters of resource limits and options the classic builder takes that berth does not
   * act on: any value but the docker CLI's default is refused rather than ignored.
   */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "extrahosts",
          "memory",
          "memswap",
          "cpushares",
          "cpusetcpus",
          "cpusetmems",
          "cpuperiod",
          "cpuquota",
          "shmsize",
          "squash",
          "ulimits",
          "outputs",
          "session");

  private final BuildService builds;
  private final Path contexts;
  private final KeptContexts kept;

  /** Builds with {@code builds}, unpacking contexts under {@code root}/build/contexts. */
  public BuildRoutes(BuildService builds, Path root) {
    this.builds = builds;
    this.contexts = root.resolve("build").resolve("contexts");
    this.kept = new KeptContexts(root.resolve("build").resolve("kept-contexts"));
  }

  @Override
  public void register(Router.Builder routes) {
    routes.post("/build", this::build);
  }

  private void build(ApiRequest request) throws IOException {
    checkProtocol(request);
    boolean quiet = request.queryFlag("q");
    Map<String, byte[]> secrets = BuildSecrets.read(request);
    Optional<String> remote = request.query("remote").filter(r -> !r.isEmpty());
    if (remote.isPresent()) {
      // the daemon fetches the context itself; the body holds nothing more
      BuildRequest build =
          requestOf(request, contexts).withSecrets(secrets).withRemoteContext(remote.get());
      request.body().transferTo(java.io.OutputStream.nullOutputStream());
      run(request, build, quiet);
      return;
    }
    Optional<String> inPlace = request.query(InPlaceContext.QUERY).filter(p -> !p.isEmpty());
    if (inPlace.isPresent()) {
      InPlaceContext context = InPlaceContext.open(request, inPlace.get());
      BuildRequest build =
          requestOf(request, context.dir())
              .inPlace(context.dir(), context.ignore())
              .withSecrets(secrets);
      request.body().transferTo(java.io.OutputStream.nullOutputStream());
      run(request, build, quiet);
      return;
    }
    Files.createDirectories(contexts);
    try (SpooledTar tar = SpooledTar.read(request.body(), contexts, KeptContexts.MAX_BYTES)) {
      Optional<KeptContexts.Use> same = tar.digest().flatMap(kept::use);
      if (same.isPresent()) {
        try (KeptContexts.Use use = same.get()) {
          LOG.log(Level.DEBUG, "build context {0} unpacked already", tar.digest().get());
          BuildRequest build = requestOf(request, use.dir()).withSecrets(secrets);
          run(request, build.withKnownDigests(use.digests()), quiet);
        }
        return;
      }
      Path dir = contexts.toRealPath().resolve(HexFormat.of().formatHex(randomId()));
      BuildRequest build = requestOf(request, dir).withSecrets(secrets);
      try (BuildContext context = BuildContext.extract(tar.stream(), dir)) {
        run(request, build.withKnownDigests(context.digests()), quiet);
        if (tar.digest().isPresent()) {
          kept.keep(tar.digest().get(), context.dir(), context.digests());
        }
      }
    }
  }

  /**
   * Runs the build on a thread of its own, which the client's hanging up interrupts, streaming its
   * messages; the body must have been read.
   */
  private void run(ApiRequest request, BuildRequest build, boolean quiet) throws IOException {
    AtomicReference<Thread> worker = new AtomicReference<>();
    Runnable interrupt =
        () -> {
          Thread t = worker.get();
          if (t != null) {
            t.interrupt();
          }
        };
    // Watching for the hang-up ends keep-alive, which the response's head must then announce.
    request.onClientClose(interrupt);
    try (JsonStream stream = request.stream()) {
      run(request, build, quiet, stream, worker, interrupt);
    }
  }

  private void run(
      ApiRequest request,
      BuildRequest build,
      boolean quiet,
      JsonStream stream,
      AtomicReference<Thread> worker,
      Runnable interrupt) {
    BuildMessages messages = new BuildMessages(stream::send, quiet, interrupt);
    if (request.queryFlag("pull")) {
      messages.accept(
          new Event.Warning("--pull is not implemented by berth; the local images are used"));
    }
    Thread thread =
        Thread.ofVirtual()
            .name("build-" + request.id())
            .unstarted(() -> runBuild(request, build, messages));
    worker.set(thread);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    } finally {
      worker.set(null);
    }
  }

  private void runBuild(ApiRequest request, BuildRequest build, BuildMessages messages) {
    try {
      BuildResult result = builds.build(build, messages);
      messages.finished(result);
    } catch (BerthException e) {
      messages.failed(e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "build failed unexpectedly request={0} error={1}", request.id(), e);
      LOG.log(Level.DEBUG, "stack trace of build " + request.id(), e);
      messages.failed("internal error (request " + request.id() + "): " + e);
    }
  }

  /** Refuses what this endpoint cannot do before the context is read. */
  private static void checkProtocol(ApiRequest request) {
    String version = request.query("version").orElse("1");
    if (version.equals("2")) {
      throw BerthException.notImplemented(
          "the BuildKit builder (POST /build with version=2); berth speaks the classic builder "
              + "protocol (version=1), which the docker CLI uses with DOCKER_BUILDKIT=0");
    }
    if (!version.equals("1")) {
      throw BerthException.invalid(
          "invalid builder version \"%s\": expected 1 (classic) or 2 (BuildKit)", version);
    }
    for (String name : UNSUPPORTED) {
      Optional<String> value = request.query(name);
      if (value.isPresent() && !isDefault(value.get())) {
        throw BerthException.notImplemented(
            "the build option " + name + "=" + value.get() + " (POST /build)");
      }
    }
  }

  private static boolean isDefault(String value) {
    return switch (value) {
      case "", "0", "false", "null", "[]", "{}" -> true;
      default -> false;
    };
  }

  /** The build the query asks for, on the context unpacked in {@code context}. */
  static BuildRequest requestOf(ApiRequest request, Path context) {
    Map<String, String> buildArgs = stringMap(request, "buildargs");
    return new BuildRequest(
        context,
        dockerfile(request.query("dockerfile").filter(f -> !f.isEmpty()).orElse("Dockerfile")),
        Optional.empty(),
        buildArgs,
        request.query("target").filter(t -> !t.isEmpty()),
        request.queryAll("t").stream().filter(t -> !t.isEmpty()).map(BuildRoutes::tag).toList(),
        stringMap(request, "labels"),
        request.queryFlag("nocache"),
        stringList(request, "cachefrom"),
        sourceDateEpoch(buildArgs),
        request.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse),
        request.query("networkmode").filter(n -> !n.isEmpty()).orElse("default"));
  }

  /** The Dockerfile's path inside the context, which it may not leave. */
  static String dockerfile(String name) {
    String path = name.startsWith("/") ? name.substring(1) : name;
    int depth = 0;
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        depth--;
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw BerthException.invalid(
            "invalid dockerfile \"%s\": the Dockerfile must be inside the build context", name);
      }
    }
    if (depth == 0) {
      throw BerthException.invalid("invalid dockerfile \"%s\": it names no file", name);
    }
    return path;
  }

  private static ImageReference tag(String text) {
    try {
      return ImageReference.parse(text);
    } catch (BerthException e) {
      throw BerthException.invalid("invalid tag \"%s\": %s", text, e.getMessage());
    }
  }

  /**
   * A JSON object of strings; Docker's {@code null} values (take it from elsewhere) are left out.
   */
  private static Map<String, String> stringMap(ApiRequest request, String name) {
    Optional<String> raw = request.query(name).filter(v -> !v.isBlank());
    if (raw.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, String> parsed =
          Json.MAPPER.readValue(raw.get(), new TypeReference<LinkedHashMap<String, String>>() {});
      Map<String, String> values = new LinkedHashMap<>();
      parsed.forEach(
          (k, v) -> {
            if (v != null) {
              values.put(k, v);
            }
          });
      return values;
    } catch (JsonProcessingException e) {
      throw BerthException.invalid(
          "invalid %s \"%s\": expected a JSON object of strings", name, raw.get());
    }
  }

  private static List<String> stringList(ApiRequest request, String name) {
    Optional<String> raw = request.query(name).filter(v -> !v.isBlank());
    if (raw.isEmpty()) {
      return List.of();
    }
    try {
      List<String> values = Json.MAPPER.readValue(raw.get(), new TypeReference<List<String>>() {});
      return values == null ? List.of() : values;
    } catch (JsonProcessingException e) {
      throw BerthException.invalid(
          "invalid %s \"%s\": expected a JSON list of strings", name, raw.get());
    }
  }

  /** {@code SOURCE_DATE_EPOCH} as BuildKit takes it: from the build arguments. */
  private static Optional<Long> sourceDateEpoch(Map<String, String> buildArgs) {
    String value = buildArgs.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw BerthException.invalid(
          "invalid SOURCE_DATE_EPOCH \"%s\": expected seconds since the epoch", value);
    }
  }

  private static byte[] randomId() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return id;
  }
}
