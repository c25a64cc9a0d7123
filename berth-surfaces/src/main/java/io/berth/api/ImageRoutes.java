package io.berth.api;

import io.berth.api.wire.ImagePruneResponse;
import io.berth.api.wire.ImageSummary;
import io.berth.api.wire.VerifyResponse;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.image.Image;
import io.berth.image.ImageImporter;
import io.berth.image.ImageTools;
import io.berth.image.PruneOptions;
import io.berth.image.PruneResult;
import io.berth.image.VerifyReport;
import io.berth.oci.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The image endpoints of the Engine API ({@code /images/…}) and berth's {@code POST
 * /berth/system/verify}.
 */
public final class ImageRoutes implements RouteGroup {
  private static final System.Logger LOG = System.getLogger(ImageRoutes.class.getName());
  private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "label", "label!", "until");

  private final ImageTools images;
  private final Clock clock;
  private final RegistryRoutes registry;

  public ImageRoutes(ImageTools images, Clock clock) {
    this.images = images;
    this.clock = clock;
    this.registry = new RegistryRoutes(images);
  }

  @Override
  public void register(Router.Builder routes) {
    routes
        .get("/images/json", this::list)
        .get("/images/get", this::saveMany)
        .post("/images/load", this::load)
        .post("/images/create", this::create)
        .post("/images/prune", this::prune)
        .post("/berth/system/verify", this::verify)
        .get("/images/{name:.*}/json", this::inspect)
        .get("/images/{name:.*}/history", this::history)
        .get("/images/{name:.*}/get", this::saveOne)
        .post("/images/{name:.*}/tag", this::tag)
        .post("/images/{name:.*}/push", registry::push)
        .post("/auth", registry::login)
        .delete("/images/{name:.*}", this::remove);
  }

  private void list(ApiRequest request) throws IOException {
    Filters filters = request.filters();
    Map<io.berth.oci.Digest, Integer> users = containerCounts();
    List<ImageSummary> out = new ArrayList<>();
    for (Image image :
        ImageFilters.of(filters, images.store(), clock).apply(images.store().list())) {
      out.add(ImageWire.summary(image, users.getOrDefault(image.id(), 0)));
    }
    request.json(200, out);
  }

  private Map<io.berth.oci.Digest, Integer> containerCounts() {
    Map<io.berth.oci.Digest, Integer> counts = new LinkedHashMap<>();
    images.store().diskUsage().images().forEach(u -> counts.put(u.image().id(), u.containers()));
    return counts;
  }

  private void inspect(ApiRequest request) throws IOException {
    request.json(
        200, ImageWire.inspect(images.store().resolve(request.path("name")), request.version()));
  }

  private void history(ApiRequest request) throws IOException {
    Image image = images.store().resolve(request.path("name"));
    request.json(200, ImageWire.history(image, images.store()));
  }

  private void tag(ApiRequest request) throws IOException {
    String repo =
        request
            .query("repo")
            .filter(r -> !r.isEmpty())
            .orElseThrow(() -> BerthException.invalid("tag needs a repository (repo=)"));
    ImageReference target = ImageReference.parseNormalized(repo);
    Optional<String> tag = request.query("tag").filter(t -> !t.isEmpty());
    if (tag.isPresent()) {
      target = target.withTag(tag.get());
    }
    images.store().tag(request.path("name"), target);
    request.json(201, Map.of());
  }

  private void remove(ApiRequest request) throws IOException {
    request.json(
        200,
        images.store().remove(request.path("name"), request.queryFlag("force")).stream()
            .map(ImageWire::deleted)
            .toList());
  }

  private void saveOne(ApiRequest request) throws IOException {
    save(request, List.of(request.path("name")));
  }

  private void saveMany(ApiRequest request) throws IOException {
    save(request, request.queryAll("names"));
  }

  private void save(ApiRequest request, List<String> names) throws IOException {
    names.forEach(images.store()::resolve); // NOT_FOUND before the head is sent
    OutputStream out = request.rawStream("application/x-tar");
    try {
      images.saver().save(names, out);
    } catch (RuntimeException e) {
      // The head is out: the archive is cut short, never ended as if whole (a blob that did not
      // match its digest, say), and the reason goes to the log.
      request.abortStream();
      LOG.log(
          System.Logger.Level.WARNING,
          "save of {0} cut short: {1}",
          String.join(" ", names),
          e.getMessage());
      throw e;
    }
    out.close();
  }

  private void load(ApiRequest request) throws IOException {
    List<String> lines = new ArrayList<>();
    images
        .loader()
        .load(
            request.body(),
            e -> {
              if (e instanceof Event.Status s) {
                lines.add(s.message());
              }
            });
    try (JsonStream stream = request.stream()) {
      for (String line : lines) {
        stream.send(Map.of("stream", line + "\n"));
      }
    }
  }

  private void create(ApiRequest request) throws IOException {
    if (request.query("fromImage").isPresent()) {
      registry.pull(request);
      return;
    }
    String source =
        request
            .query("fromSrc")
            .orElseThrow(
                () -> BerthException.invalid("POST /images/create needs fromImage or fromSrc"));
    if (!source.equals("-")) {
      throw BerthException.notImplemented("importing from a URL (fromSrc=" + source + ")");
    }
    Optional<ImageReference> tag =
        request
            .query("repo")
            .filter(r -> !r.isEmpty())
            .map(
                r -> {
                  ImageReference ref = ImageReference.parseNormalized(r);
                  String t = request.query("tag").filter(x -> !x.isEmpty()).orElse(null);
                  return t != null
                      ? ref.withTag(t)
                      : ref.tag().isPresent() ? ref : ref.withTag("latest");
                });
    ImageImporter.Options options =
        new ImageImporter.Options(
            tag, request.query("message").orElse(""), request.queryAll("changes"));
    Image image = images.importer().importImage(request.body(), options);
    try (JsonStream stream = request.stream()) {
      stream.send(Map.of("status", image.id().toString()));
    }
  }

  private void prune(ApiRequest request) throws IOException {
    Filters filters = request.filters().validate(PRUNE_FILTERS);
    PruneOptions options =
        new PruneOptions(
            !filters.bool("dangling").orElse(true),
            filters.until(clock),
            filters.get("label"),
            filters.get("label!"));
    PruneResult result = images.store().prune(options);
    images.store().collectGarbage();
    request.json(
        200,
        new ImagePruneResponse(
            result.removed().stream().map(ImageWire::deleted).toList(), result.spaceReclaimed()));
  }

  private void verify(ApiRequest request) throws IOException {
    VerifyReport report = images.verifier().verify();
    request.json(200, new VerifyResponse(report.blobs(), report.images(), report.problems()));
  }
}
