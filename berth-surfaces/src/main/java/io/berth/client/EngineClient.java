package io.berth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Docker Engine API client on a unix socket. It negotiates the API version through {@code /_ping}
 * on first use and prefixes every path with it; a daemon's error comes back as a {@link
 * BerthException} of the matching kind whose message reads {@code Error response from daemon: …}.
 * Thread-safe; each call uses its own connection.
 */
public final class EngineClient {
  /** The newest API version this client speaks. */
  public static final String MAX_API_VERSION = "1.51";

  private final Transport transport;
  private volatile String apiVersion;

  public EngineClient(DockerHost host) {
    this.transport = new Transport(host);
  }

  public DockerHost host() {
    return transport.host();
  }

  /**
   * The daemon's answer to {@code GET /_ping}: its API version, OS type and builder, and its {@code
   * Server} header ({@code berth/<version> (linux)} for berth, empty when absent).
   */
  public record Ping(
      String apiVersion,
      String osType,
      boolean experimental,
      String builderVersion,
      String server) {}

  /**
   * Pings the daemon and settles the API version calls use; throws UNAVAILABLE when nothing answers
   * on the socket.
   */
  public Ping ping() {
    try (Response response = transport.send("GET", "/_ping", null, new byte[0], false)) {
      checked(response);
      Ping ping =
          new Ping(
              response.header("Api-Version").orElse(MAX_API_VERSION),
              response.header("Ostype").orElse("linux"),
              response.header("Docker-Experimental").map(Boolean::parseBoolean).orElse(false),
              response.header("Builder-Version").orElse("1"),
              response.header("Server").orElse(""));
      String server = ping.apiVersion();
      apiVersion = compare(server, MAX_API_VERSION) < 0 ? server : MAX_API_VERSION;
      return ping;
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /**
   * The API version calls use: the lower of the daemon's and {@link #MAX_API_VERSION}, from the
   * last ping (one is sent when there was none).
   */
  public String apiVersion() {
    String version = apiVersion;
    if (version == null) {
      ping();
      version = apiVersion;
    }
    return version;
  }

  /** {@code GET path} as a JSON tree. */
  public JsonNode get(String path, Map<String, String> query) {
    return call("GET", path, query, null);
  }

  /** {@code POST path} with {@code body} (null for none) as JSON; the answer as a JSON tree. */
  public JsonNode post(String path, Map<String, String> query, JsonNode body) {
    return call("POST", path, query, body);
  }

  /** {@code DELETE path}; the answer as a JSON tree (empty for 204). */
  public JsonNode delete(String path, Map<String, String> query) {
    return call("DELETE", path, query, null);
  }

  /**
   * Reads a stream of JSON messages (events, progress, build output), handing each to {@code
   * onMessage} as it arrives, until the daemon ends the stream.
   */
  public void stream(
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      Consumer<JsonNode> onMessage) {
    stream(method, path, query, body, Map.of(), onMessage);
  }

  /** {@link #stream} with request {@code headers}, such as {@code X-Registry-Auth}. */
  public void stream(
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      Map<String, String> headers,
      Consumer<JsonNode> onMessage) {
    try (Response response =
        transport.send(method, target(path, query), jsonType(body), json(body), false, headers)) {
      checked(response);
      readMessages(response.body(), onMessage);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /**
   * Sends {@code method path} with {@code body} (null for none) as JSON and returns the open
   * response, its status checked, for the caller to read and close: raw streams such as logs,
   * archives and image tarballs, or {@code HEAD}'s headers.
   */
  public Response open(String method, String path, Map<String, String> query, JsonNode body) {
    try {
      Response response =
          transport.send(method, target(path, query), jsonType(body), json(body), false);
      try {
        checked(response);
        return response;
      } catch (RuntimeException e) {
        response.close();
        throw e;
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /**
   * Sends {@code body} as the request body in chunks (a build context, an image archive), and
   * returns the open response for the caller to read and close.
   */
  public Response upload(
      String method, String path, Map<String, String> query, String contentType, InputStream body) {
    try {
      Response response = transport.upload(method, target(path, query), contentType, body);
      try {
        checked(response);
        return response;
      } catch (RuntimeException e) {
        response.close();
        throw e;
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Asks the daemon to upgrade the connection to raw bytes, as attach and exec need. */
  public HijackedConnection hijack(
      String method, String path, Map<String, String> query, JsonNode body) {
    try {
      Response response =
          transport.send(method, target(path, query), jsonType(body), json(body), true);
      try {
        checked(response);
        if (response.status() != 101 && response.status() != 200) {
          throw new BerthException(
              ErrorKind.INTERNAL,
              "the daemon answered " + response.status() + " to a request to attach");
        }
        return new HijackedConnection(
            response.channel(),
            response.body(),
            java.nio.channels.Channels.newOutputStream(response.channel()));
      } catch (RuntimeException e) {
        response.close();
        throw e;
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Reads concatenated JSON objects one at a time as they arrive. */
  static void readMessages(InputStream body, Consumer<JsonNode> onMessage) throws IOException {
    JsonTrees.readEach(body, onMessage);
  }

  private JsonNode call(String method, String path, Map<String, String> query, JsonNode body) {
    try (Response response =
        transport.send(method, target(path, query), jsonType(body), json(body), false)) {
      checked(response);
      return JsonTrees.read(response.body().readAllBytes());
    } catch (JsonProcessingException e) {
      throw new BerthException(
          ErrorKind.INTERNAL,
          "the daemon's answer to "
              + method
              + " "
              + path
              + " is not the expected JSON: "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private String target(String path, Map<String, String> query) {
    return Transport.target("/v" + apiVersion(), path, query);
  }

  private static String jsonType(JsonNode body) {
    return body == null ? null : "application/json";
  }

  private static byte[] json(JsonNode body) {
    return body == null ? new byte[0] : JsonTrees.bytes(body);
  }

  /** Throws the daemon's error, if the status is one. */
  private static void checked(Response response) throws IOException {
    int status = response.status();
    if (status < 400) {
      return;
    }
    byte[] bytes = response.body().readNBytes(64 * 1024);
    String message = new String(bytes, StandardCharsets.UTF_8).trim();
    try {
      JsonNode node = JsonTrees.read(bytes);
      if (node.hasNonNull("message")) {
        message = node.get("message").asText();
      }
    } catch (JsonProcessingException e) {
      // a body that is not JSON is shown as it came
    }
    if (message.isEmpty()) {
      message = "status " + status;
    }
    throw new BerthException(kindOf(status), "Error response from daemon: " + message);
  }

  /** The error kind of an HTTP status, the inverse of the daemon's mapping. */
  static ErrorKind kindOf(int status) {
    return switch (status) {
      case 400 -> ErrorKind.INVALID_ARGUMENT;
      case 401, 403 -> ErrorKind.UNAUTHORIZED;
      case 404 -> ErrorKind.NOT_FOUND;
      case 409 -> ErrorKind.CONFLICT;
      case 501 -> ErrorKind.NOT_IMPLEMENTED;
      case 503 -> ErrorKind.UNAVAILABLE;
      default -> status < 500 ? ErrorKind.INVALID_ARGUMENT : ErrorKind.INTERNAL;
    };
  }

  private BerthException unreachable(IOException e) {
    return new BerthException(
        ErrorKind.UNAVAILABLE,
        "error during connect to " + host().uri() + ": " + e.getMessage(),
        e);
  }

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? parse(x[i]) : 0;
      int q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int parse(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      throw new BerthException(
          ErrorKind.INTERNAL, "the daemon sent a malformed API version part \"" + part + "\"");
    }
  }
}
