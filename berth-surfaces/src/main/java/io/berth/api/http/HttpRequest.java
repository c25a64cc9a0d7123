package io.berth.api.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed request head: method, decoded path, query parameters and headers; the body is read
 * through {@link HttpExchange#body()}.
 */
public record HttpRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> query,
    Headers headers,
    String protocol) {

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** Whether the client asked to keep the connection open after this exchange. */
  public boolean keepAlive() {
    if (headers.hasToken("Connection", "close")) {
      return false;
    }
    return !protocol.equals("HTTP/1.0") || headers.hasToken("Connection", "keep-alive");
  }
}
