package io.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the OCI distribution protocol (Docker's registry API v2 is the same protocol):
 * manifests and indexes fetched and checked against their digests, blobs streamed, blobs and
 * manifests pushed; anonymously or with credentials, through a token service ({@code Bearer}
 * challenges, as Docker Hub answers) or basic authentication. Thread-safe: tokens are kept per
 * registry and scope for the client's life.
 */
public final class RegistryClient {

  /** Every manifest type berth reads, as the {@code Accept} header lists them. */
  private static final String ACCEPT =
      String.join(
          ", ",
          MediaType.OCI_INDEX.value(),
          MediaType.DOCKER_MANIFEST_LIST.value(),
          MediaType.OCI_MANIFEST.value(),
          MediaType.DOCKER_MANIFEST.value());

  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Function<String, Optional<Credentials>> credentials;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  /** A client that finds the credentials for a registry domain with {@code credentials}. */
  public RegistryClient(Function<String, Optional<Credentials>> credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** A manifest or index as the registry sent it, with its media type and digest. */
  public record Fetched(MediaType mediaType, Digest digest, byte[] bytes) {
    public Fetched {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * The manifest or index {@code reference} (a tag or a digest) of {@code repository}; a digest
   * reference is checked against the bytes received.
   *
   * @throws BerthException NOT_FOUND when the registry has no such manifest
   */
  public Fetched manifest(ImageReference repository, String reference) {
    Endpoint endpoint = Endpoint.of(repository.domain());
    URI uri = endpoint.resolve(repository.path(), "manifests/" + reference);
    HttpResponse<byte[]> response =
        send(
            repository,
            "pull",
            () -> HttpRequest.newBuilder(uri).header("Accept", ACCEPT).GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      throw BerthException.notFound(
          "manifest for %s not found: manifest unknown: %s",
          display(repository, reference), registryError(response.body(), "manifest unknown"));
    }
    checkOk(response, response.body(), "fetching manifest " + display(repository, reference));
    byte[] bytes = response.body();
    Digest digest = Digest.sha256(bytes);
    if (reference.contains(":") && !Digest.parse(reference).equals(digest)) {
      throw BerthException.invalid(
          "manifest %s from %s has digest %s", reference, repository.repository(), digest);
    }
    String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (type.isEmpty() || type.equals("application/json")) {
      type = JSON_MEDIA_TYPE.apply(bytes);
    }
    return new Fetched(MediaType.parse(type), digest, bytes);
  }

  /** The {@code mediaType} a manifest names inside itself, for registries that send none. */
  private static final Function<byte[], String> JSON_MEDIA_TYPE =
      bytes -> {
        try {
          JsonNode node = JSON.readTree(bytes);
          if (node.hasNonNull("mediaType")) {
            return node.get("mediaType").asText();
          }
          return node.has("manifests")
              ? MediaType.OCI_INDEX.value()
              : MediaType.OCI_MANIFEST.value();
        } catch (IOException e) {
          throw BerthException.invalid("the registry sent a manifest that is not JSON");
        }
      };

  /**
   * A stream of blob {@code digest} of {@code repository}; the caller checks what it reads against
   * the digest (the content store's writer does).
   */
  public InputStream blob(ImageReference repository, Digest digest) {
    URI uri = Endpoint.of(repository.domain()).resolve(repository.path(), "blobs/" + digest);
    HttpResponse<InputStream> response =
        send(repository, "pull", () -> HttpRequest.newBuilder(uri).GET(), bodyStream());
    if (response.statusCode() != 200) {
      byte[] body = drain(response.body());
      if (response.statusCode() == 404) {
        throw BerthException.notFound(
            "blob %s of %s not found: %s",
            digest, repository.repository(), registryError(body, "blob unknown"));
      }
      checkOk(response, body, "fetching blob " + digest + " of " + repository.repository());
    }
    return response.body();
  }

  /** Whether {@code repository} holds blob {@code digest}. */
  public boolean hasBlob(ImageReference repository, Digest digest) {
    URI uri = Endpoint.of(repository.domain()).resolve(repository.path(), "blobs/" + digest);
    HttpResponse<Void> response =
        send(
            repository,
            "pull,push",
            () -> HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  /**
   * Uploads the blob in {@code file} whose digest is {@code digest} to {@code repository} in one
   * request (the protocol's monolithic upload: {@code POST} then {@code PUT ?digest=}).
   */
  public void pushBlob(ImageReference repository, Digest digest, Path file) {
    Endpoint endpoint = Endpoint.of(repository.domain());
    URI start = endpoint.resolve(repository.path(), "blobs/uploads/");
    HttpResponse<byte[]> started =
        send(
            repository,
            "pull,push",
            () -> HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofByteArray());
    if (started.statusCode() != 202) {
      checkOk(started, started.body(), "starting the upload of blob " + digest);
    }
    String location =
        started
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    BerthException.unavailable(
                        "uploading blob %s to %s: the registry gave no upload location",
                        digest, repository.repository()));
    URI upload = endpoint.base().resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI put =
        URI.create(
            upload
                + separator
                + "digest="
                + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> done =
        send(
            repository,
            "pull,push",
            () ->
                HttpRequest.newBuilder(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(ofFile(file)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (done.statusCode() != 201) {
      checkOk(done, done.body(), "uploading blob " + digest + " to " + repository.repository());
    }
  }

  /** Puts {@code bytes}, a manifest or index of type {@code type}, under {@code reference}. */
  public Digest pushManifest(
      ImageReference repository, String reference, MediaType type, byte[] bytes) {
    URI uri = Endpoint.of(repository.domain()).resolve(repository.path(), "manifests/" + reference);
    HttpResponse<byte[]> response =
        send(
            repository,
            "pull,push",
            () ->
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", type.value())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 201) {
      checkOk(response, response.body(), "pushing manifest " + display(repository, reference));
    }
    return Digest.sha256(bytes);
  }

  /**
   * Checks the credentials for registry {@code domain} as {@code docker login} does: the registry's
   * {@code /v2/} must answer once its challenge, if any, is met with them.
   *
   * @throws BerthException UNAUTHORIZED with Docker's words when the registry refuses them
   */
  public void login(String domain) {
    URI uri = URI.create(Endpoint.of(domain).base() + "/v2/");
    HttpResponse<Void> first =
        sendOnce(
            () -> HttpRequest.newBuilder(uri).GET(), null, HttpResponse.BodyHandlers.discarding());
    if (first.statusCode() == 200) {
      return;
    }
    BerthException refused =
        new BerthException(
            ErrorKind.UNAUTHORIZED,
            "login attempt to %s failed with status: 401 Unauthorized".formatted(uri));
    if (first.statusCode() != 401) {
      throw BerthException.unavailable(
          "login attempt to %s failed with status: %d", uri, first.statusCode());
    }
    String challenge = first.headers().firstValue("WWW-Authenticate").orElse("");
    String authorization = authorize(domain, challenge, Optional.empty(), refused);
    HttpResponse<Void> again =
        sendOnce(
            () -> HttpRequest.newBuilder(uri).GET(),
            authorization,
            HttpResponse.BodyHandlers.discarding());
    if (again.statusCode() != 200) {
      throw refused;
    }
  }

  // --- requests and authentication ----------------------------------------------------------

  /**
   * Sends the request {@code build} makes, with the authorization known for the repository and
   * {@code actions}; on a 401 answers the registry's challenge once and sends it again.
   */
  private <T> HttpResponse<T> send(
      ImageReference repository,
      String actions,
      Supplier<HttpRequest.Builder> build,
      HttpResponse.BodyHandler<T> handler) {
    String scope = "repository:" + repository.path() + ":" + actions;
    String key = repository.domain() + " " + scope;
    HttpResponse<T> response = sendOnce(build, authorizations.get(key), handler);
    if (response.statusCode() != 401) {
      return response;
    }
    if (response.body() instanceof InputStream in) {
      drain(in);
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    String authorization =
        authorize(repository.domain(), challenge, Optional.of(scope), unauthorized(repository));
    authorizations.put(key, authorization);
    HttpResponse<T> again = sendOnce(build, authorization, handler);
    if (again.statusCode() == 401) {
      if (again.body() instanceof InputStream in) {
        drain(in);
      }
      throw unauthorized(repository);
    }
    return again;
  }

  private <T> HttpResponse<T> sendOnce(
      Supplier<HttpRequest.Builder> build, String authorization, HttpResponse.BodyHandler<T> h) {
    HttpRequest.Builder builder = build.get().timeout(Duration.ofMinutes(10));
    builder.header("User-Agent", "berth");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    try {
      return http.send(request, h);
    } catch (IOException e) {
      throw BerthException.unavailable(
          "%s \"%s\": %s", capitalised(request.method()), request.uri(), why(request.uri(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.unavailable("interrupted while talking to %s", request.uri());
    }
  }

  /** Why a connection failed, in the words Docker uses for the common causes. */
  private static String why(URI uri, IOException e) {
    int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return "dial tcp: lookup " + uri.getHost() + ": no such host";
      }
      if (t instanceof java.net.ConnectException) {
        return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return "timed out";
      }
    }
    return Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
  }

  /**
   * The {@code Authorization} value answering {@code challenge} from registry {@code domain}, for
   * {@code scope} (none for a login); {@code refused} is thrown when the credentials are refused.
   */
  private String authorize(
      String domain, String challenge, Optional<String> scope, BerthException refused) {
    Optional<Credentials> creds = credentials.apply(domain);
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      if (creds.isEmpty()) {
        throw new BerthException(ErrorKind.UNAUTHORIZED, "no basic auth credentials");
      }
      return basic(creds.get());
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw refused;
    }
    Map<String, String> params = new HashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      throw BerthException.unavailable(
          "%s asks for a token but names no realm: %s", domain, challenge);
    }
    List<String> query = new java.util.ArrayList<>();
    if (params.containsKey("service")) {
      query.add("service=" + encode(params.get("service")));
    }
    scope.ifPresent(s -> query.add("scope=" + encode(s)));
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
    HttpResponse<byte[]> response =
        sendOnce(
            () -> HttpRequest.newBuilder(uri).GET(),
            creds.map(RegistryClient::basic).orElse(null),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw refused;
    }
    checkOk(response, response.body(), "getting a token from " + realm);
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw BerthException.unavailable("the token service %s sent no token", realm);
      }
      return "Bearer " + token;
    } catch (IOException e) {
      throw BerthException.unavailable("the token service %s sent no JSON", realm);
    }
  }

  private static String basic(Credentials c) {
    String pair = c.username() + ":" + c.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static BerthException unauthorized(ImageReference repository) {
    return new BerthException(
        ErrorKind.UNAUTHORIZED,
        "access to %s denied: the repository does not exist or may require 'berth login'"
            .formatted(repository.familiarName()));
  }

  // --- small helpers ------------------------------------------------------------------------

  private static void checkOk(HttpResponse<?> response, byte[] body, String doing) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String detail = registryError(body, "HTTP status " + status);
    if (status == 401 || status == 403) {
      throw new BerthException(ErrorKind.UNAUTHORIZED, doing + ": " + detail);
    }
    if (status == 404) {
      throw BerthException.notFound("%s: %s", doing, detail);
    }
    throw BerthException.unavailable("%s: %s", doing, detail);
  }

  /** The registry's error list ({@code {"errors":[{"code","message"}]}}) as one line. */
  static String registryError(byte[] body, String fallback) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        List<String> parts = new java.util.ArrayList<>();
        for (JsonNode e : errors) {
          parts.add(e.path("message").asText(e.path("code").asText("")).strip());
        }
        return String.join("; ", parts);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall back
    }
    return fallback;
  }

  private static HttpResponse.BodyHandler<InputStream> bodyStream() {
    return HttpResponse.BodyHandlers.ofInputStream();
  }

  private static HttpRequest.BodyPublisher ofFile(Path file) {
    try {
      return HttpRequest.BodyPublishers.ofFile(file);
    } catch (java.io.FileNotFoundException e) {
      throw BerthException.internal("reading " + file + " for an upload", e);
    }
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String capitalised(String method) {
    return method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String display(ImageReference repository, String reference) {
    String name = repository.withoutTagOrDigest().familiarString();
    return name + (reference.contains(":") ? "@" : ":") + reference;
  }
}
