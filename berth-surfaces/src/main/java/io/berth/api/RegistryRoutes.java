package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.wire.JsonMessage;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.image.ImagePusher;
import io.berth.image.ImageTools;
import io.berth.oci.ImageReference;
import io.berth.oci.Platform;
import io.berth.registry.Credentials;
import io.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker pull} ({@code POST /images/create?fromImage=}) and {@code docker push} ({@code POST
 * /images/{name}/push}) as Docker's JSON progress streams. A failure before the first message is an
 * error response with its status, as Docker answers an unknown manifest; a failure after it is an
 * error message that ends the stream. Credentials come in the {@code X-Registry-Auth} header.
 */
final class RegistryRoutes {
  private final ImageTools images;

  RegistryRoutes(ImageTools images) {
    this.images = images;
  }

  /** {@code POST /images/create?fromImage=NAME[&tag=TAG][&platform=…]}. */
  void pull(ApiRequest request) throws IOException {
    String from = request.query("fromImage").orElseThrow();
    ImageReference reference = ImageReference.parseNormalized(from);
    Optional<String> tag = request.query("tag").filter(t -> !t.isEmpty());
    if (tag.isPresent()) {
      reference =
          tag.get().startsWith("sha256:")
              ? reference.withDigest(io.berth.oci.Digest.parse(tag.get()))
              : reference.withTag(tag.get());
    }
    Optional<Platform> platform =
        request.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse);
    ImageReference pulled = reference;
    Optional<Credentials> credentials = credentials(request);
    Stream stream = new Stream(request);
    stream.run(
        () -> {
          images.puller().pull(pulled, platform, credentials, stream);
        });
  }

  /** {@code POST /images/{name}/push[?tag=TAG]}. */
  void push(ApiRequest request) throws IOException {
    ImageReference reference = ImageReference.parseNormalized(request.path("name"));
    Optional<String> tag = request.query("tag").filter(t -> !t.isEmpty());
    if (tag.isPresent()) {
      reference = reference.withTag(tag.get());
    }
    ImageReference pushed = reference;
    Optional<Credentials> credentials = credentials(request);
    Stream stream = new Stream(request);
    stream.run(
        () -> {
          ImagePusher.Pushed p = images.pusher().push(pushed, credentials, stream);
          stream.send(
              JsonMessage.aux(
                  Map.of("Tag", p.tag(), "Digest", p.digest().toString(), "Size", p.size())));
        });
  }

  /** {@code POST /auth}: checks credentials against a registry, as {@code docker login}. */
  void login(ApiRequest request) throws IOException {
    JsonNode body = request.readJson(JsonNode.class);
    String server = registryDomain(body.path("serveraddress").asText(""));
    Credentials credentials =
        new Credentials(body.path("username").asText(""), body.path("password").asText(""));
    new RegistryClient(domain -> Optional.of(credentials)).login(server);
    request.json(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
  }

  /** The registry a login names: {@code https://index.docker.io/v1/} is Docker Hub. */
  static String registryDomain(String serverAddress) {
    String s = serverAddress.replaceFirst("^[a-z]+://", "");
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    return s.isEmpty() || s.equals("index.docker.io") ? "docker.io" : s;
  }

  private interface Work {
    void run() throws IOException;
  }

  /**
   * The response of one pull or push: opened with the first message, so that a failure before it is
   * still an error response; see the class comment.
   */
  private static final class Stream implements EventSink {
    private final ApiRequest request;
    private JsonStream open;

    Stream(ApiRequest request) {
      this.request = request;
    }

    @Override
    public void accept(Event event) {
      JsonMessage message = message(event);
      if (message != null) {
        try {
          send(message);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    synchronized void send(JsonMessage message) throws IOException {
      if (open == null) {
        open = request.stream();
      }
      open.send(message);
    }

    void run(Work work) throws IOException {
      try {
        work.run();
      } catch (BerthException | UncheckedIOException e) {
        if (open == null) {
          throw e;
        }
        open.send(JsonMessage.error(e.getMessage()));
      }
      if (open == null) {
        open = request.stream();
      }
      open.close();
    }
  }

  /** Docker's message for an event: a status line, with its progress when it has one. */
  private static JsonMessage message(Event event) {
    return switch (event) {
      case Event.Status s -> JsonMessage.status(null, s.message(), null);
      case Event.Progress p ->
          JsonMessage.status(
              p.id(),
              p.action(),
              p.current() < 0
                  ? null
                  : new JsonMessage.ProgressDetail(p.current(), p.total() < 0 ? null : p.total()));
      case Event.Warning w -> JsonMessage.status(null, "[Warning] " + w.message(), null);
      default -> null;
    };
  }

  /** The credentials of the {@code X-Registry-Auth} header (base64url JSON), if any. */
  private static Optional<Credentials> credentials(ApiRequest request) {
    Optional<String> header = request.header("X-Registry-Auth").filter(h -> !h.isBlank());
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(header.get().strip().replace('=', ' ').strip());
      JsonNode auth = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
      String user = auth.path("username").asText("");
      String password = auth.path("password").asText(auth.path("identitytoken").asText(""));
      return user.isEmpty() && password.isEmpty()
          ? Optional.empty()
          : Optional.of(new Credentials(user, password));
    } catch (IllegalArgumentException | IOException e) {
      throw BerthException.invalid("the X-Registry-Auth header is not base64url JSON");
    }
  }
}
