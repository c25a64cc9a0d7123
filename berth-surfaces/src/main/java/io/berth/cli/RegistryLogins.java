package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The registry logins of {@code berth login}, kept in docker's {@code config.json} format ({@code
 * {"auths":{"host":{"auth":"base64(user:password)"}}}}) in {@code $BERTH_CONFIG/config.json}
 * (default {@code ~/.berth}), readable only by its owner; lookups fall back to docker's own file
 * ({@code $DOCKER_CONFIG} or {@code ~/.docker}), so a {@code docker login} serves berth too.
 * Credential helpers are not run.
 */
final class RegistryLogins {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;

  RegistryLogins(Map<String, String> env) {
    this.env = env;
  }

  /** The registry a login names: none, or {@code https://index.docker.io/v1/}, is Docker Hub. */
  static String domain(String server) {
    String s = server.replaceFirst("^[a-z]+://", "");
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    return s.isEmpty() || s.equals("index.docker.io") ? "docker.io" : s;
  }

  /** The file {@code berth login} writes. */
  Path file() {
    return directory("BERTH_CONFIG", ".berth").resolve("config.json");
  }

  /** The {@code X-Registry-Auth} header value for registry {@code domain}, if logged in. */
  Optional<String> header(String domain) {
    for (Path file :
        new Path[] {file(), directory("DOCKER_CONFIG", ".docker").resolve("config.json")}) {
      Optional<String[]> pair = find(file, domain);
      if (pair.isPresent()) {
        ObjectNode auth = JSON.createObjectNode();
        auth.put("username", pair.get()[0]);
        auth.put("password", pair.get()[1]);
        auth.put("serveraddress", domain);
        byte[] json = auth.toString().getBytes(StandardCharsets.UTF_8);
        return Optional.of(Base64.getUrlEncoder().encodeToString(json));
      }
    }
    return Optional.empty();
  }

  /** Records the login for {@code domain}, replacing any earlier one. */
  void store(String domain, String username, String password) {
    ObjectNode config = read(file());
    ObjectNode auths =
        config.has("auths") ? (ObjectNode) config.get("auths") : config.putObject("auths");
    String pair = username + ":" + password;
    auths
        .putObject(domain)
        .put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    write(config);
  }

  /** Forgets the login for {@code domain}; whether there was one. */
  boolean remove(String domain) {
    ObjectNode config = read(file());
    if (!(config.get("auths") instanceof ObjectNode auths) || auths.remove(domain) == null) {
      return false;
    }
    write(config);
    return true;
  }

  private Optional<String[]> find(Path file, String domain) {
    JsonNode entry = read(file).path("auths").path(domain);
    if (entry.isMissingNode() && domain.equals("docker.io")) {
      entry = read(file).path("auths").path("https://index.docker.io/v1/");
    }
    String auth = entry.path("auth").asText("");
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new String[] {pair.substring(0, colon), pair.substring(colon + 1)});
  }

  private Path directory(String variable, String underHome) {
    String set = env.get(variable);
    if (set != null && !set.isEmpty()) {
      return Path.of(set);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, underHome);
  }

  private static ObjectNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      throw BerthException.invalid("reading %s: %s", file, e.getMessage());
    }
  }

  private void write(ObjectNode config) {
    Path file = file();
    try {
      Files.createDirectories(file.getParent());
      Path temporary =
          Files.createTempFile(
              file.getParent(),
              "config-",
              ".json",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw BerthException.internal("writing " + file, e);
    }
  }
}
