package io.berth.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Build secrets through the classic {@code POST /build}, a berth-only extension: {@code
 * berthsecrets=N} says the body starts with N bytes of a JSON object mapping each secret's id to
 * its value in base64, before the context tar. They are kept in memory for the build only, never
 * written to disk, to the image or to the cache. The docker CLI never sends the parameter, so its
 * bodies are read as before.
 */
final class BuildSecrets {

  /** The query parameter giving the length of the secrets before the context. */
  static final String QUERY = "berthsecrets";

  /** The most secret bytes a build takes (before base64), as BuildKit limits each to 500 KiB. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private BuildSecrets() {}

  /** Reads the secrets off the front of the request's body; none without the parameter. */
  static Map<String, byte[]> read(ApiRequest request) throws IOException {
    Optional<String> length = request.query(QUERY).filter(v -> !v.isEmpty() && !v.equals("0"));
    if (length.isEmpty()) {
      return Map.of();
    }
    int n;
    try {
      n = Integer.parseInt(length.get());
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid %s \"%s\": expected a length", QUERY, length.get());
    }
    if (n < 0 || n > MAX_BYTES) {
      throw BerthException.invalid(
          "invalid %s %d: the secrets must take between 0 and %d bytes", QUERY, n, MAX_BYTES);
    }
    byte[] json = request.body().readNBytes(n);
    if (json.length != n) {
      throw BerthException.invalid(
          "the build secrets were cut short: %d of %d bytes", json.length, n);
    }
    Map<String, String> encoded;
    try {
      encoded = Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IOException e) {
      throw BerthException.invalid("the build secrets are not a JSON object of strings");
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    encoded.forEach(
        (id, value) -> {
          try {
            secrets.put(id, Base64.getDecoder().decode(value == null ? "" : value));
          } catch (IllegalArgumentException e) {
            throw BerthException.invalid("the build secret %s is not base64", id);
          }
        });
    return secrets;
  }
}
