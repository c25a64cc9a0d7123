package io.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.api.http.Hijacked;
import io.berth.api.http.HttpExchange;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a handler sees of one API call: path parameters, query, body, the negotiated version, and
 * the ways to answer (JSON, text, a JSON message stream, a hijacked connection).
 */
public final class ApiRequest {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final ApiVersion version;
  private final String id;

  ApiRequest(HttpExchange exchange, Map<String, String> pathParams, ApiVersion version, String id) {
    this.exchange = exchange;
    this.pathParams = Map.copyOf(pathParams);
    this.version = version;
    this.id = id;
  }

  /** The API version of the call: the one in its path, else the newest. */
  public ApiVersion version() {
    return version;
  }

  /** The request id, as logged with any failure. */
  public String id() {
    return id;
  }

  public String method() {
    return exchange.request().method();
  }

  /** The value of {@code {name}} in the route's path template. */
  public String path(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no path parameter " + name);
    }
    return value;
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> query(String name) {
    return exchange.request().queryParam(name);
  }

  /** Every value of query parameter {@code name}, in order; empty when absent. */
  public List<String> queryAll(String name) {
    return exchange.request().query().getOrDefault(name, List.of());
  }

  /**
   * A boolean query parameter as Docker reads it: absent, empty, {@code 0} and {@code false} are
   * false.
   */
  public boolean queryFlag(String name) {
    return query(name)
        .map(v -> !(v.isEmpty() || v.equals("0") || v.equalsIgnoreCase("false")))
        .orElse(false);
  }

  /** The {@code filters} query parameter, in either of Docker's two JSON shapes. */
  public Filters filters() {
    Optional<String> raw = query("filters");
    if (raw.isEmpty() || raw.get().isBlank()) {
      return Filters.NONE;
    }
    try {
      return Filters.fromJson(Json.MAPPER.readTree(raw.get()));
    } catch (JsonProcessingException e) {
      throw BerthException.invalid("invalid filter '%s': not JSON", raw.get());
    }
  }

  /** A request header. */
  public Optional<String> header(String name) {
    return exchange.request().headers().first(name);
  }

  /** The raw body, for uploads such as a build context or an image archive. */
  public InputStream body() {
    return exchange.body();
  }

  /** The body read as JSON into {@code type}. */
  public <T> T readJson(Class<T> type) throws IOException {
    try {
      byte[] bytes = exchange.body().readAllBytes();
      if (bytes.length == 0) {
        throw BerthException.invalid("%s %s needs a JSON body", method(), uri());
      }
      return Json.MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw BerthException.invalid(
          "%s %s: malformed JSON body: %s", method(), uri(), e.getOriginalMessage());
    }
  }

  /** Answers {@code status} with {@code body} as JSON. */
  public void json(int status, Object body) throws IOException {
    exchange.respond(status, "application/json", Json.MAPPER.writeValueAsBytes(body));
  }

  /** Answers {@code status} with a plain-text body. */
  public void text(int status, String body) throws IOException {
    exchange.respond(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers 204 with no body. */
  public void noContent() throws IOException {
    exchange.respond(204, null, new byte[0]);
  }

  /** Sets a response header; call before answering. */
  public ApiRequest responseHeader(String name, String value) {
    exchange.responseHeaders().set(name, value);
    return this;
  }

  /** Starts a stream of JSON messages, one per line, each sent as soon as it is written. */
  public JsonStream stream() throws IOException {
    return new JsonStream(exchange.stream(200, "application/json"));
  }

  /** Starts a raw streamed body of {@code contentType}, such as an image archive. */
  public java.io.OutputStream rawStream(String contentType) throws IOException {
    return exchange.stream(200, contentType);
  }

  /**
   * Cuts the streamed body short (do not close it): the client sees the connection end inside the
   * body, an error, instead of a body that looks whole.
   */
  public void abortStream() {
    exchange.abort();
  }

  /** Calls {@code onClose} when the client hangs up (for endless streams such as events). */
  public void onClientClose(Runnable onClose) {
    exchange.watchForPeerClose(onClose);
  }

  /** Takes the connection over for raw bytes, as attach and exec need. */
  public Hijacked hijack() throws IOException {
    return exchange.hijack("application/vnd.docker.raw-stream");
  }

  /** Whether a response has been started. */
  public boolean answered() {
    return exchange.committed();
  }

  String uri() {
    String raw = exchange.request().rawQuery();
    return exchange.request().path() + (raw.isEmpty() ? "" : "?" + raw);
  }
}
