package io.berth.client;

import io.berth.errors.BerthException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the daemon listens, as {@code -H}, {@code BERTH_HOST} or {@code DOCKER_HOST} name it; only
 * {@code unix://} sockets for now.
 */
public record DockerHost(String uri, Path socket, boolean isDefault) {

  // equals and hashCode written out: a record's generated ones are linked at their first call
  // (an invokedynamic bootstrap the CLI's AOT cache does not keep), which cost every command 6 ms.

  @Override
  public boolean equals(Object other) {
    return other instanceof DockerHost that
        && Objects.equals(uri, that.uri)
        && Objects.equals(socket, that.socket)
        && isDefault == that.isDefault;
  }

  @Override
  public int hashCode() {
    return (Objects.hashCode(uri) * 31 + Objects.hashCode(socket)) * 31
        + Boolean.hashCode(isDefault);
  }

  /** The socket a berth daemon listens on unless told otherwise. */
  public static final String DEFAULT_URI = "unix:///run/berth/berth.sock";

  /** Parses {@code unix:///path}; {@code tcp://} and the others are not implemented yet. */
  public static DockerHost parse(String uri) {
    if (uri.startsWith("unix://")) {
      String path = uri.substring("unix://".length());
      if (!path.startsWith("/")) {
        throw BerthException.invalid("invalid host %s: the socket path must be absolute", uri);
      }
      return new DockerHost(uri, Path.of(path), false);
    }
    if (uri.startsWith("tcp://") || uri.startsWith("ssh://") || uri.startsWith("npipe://")) {
      // TODO(#3): tcp:// (with TLS) and ssh:// hosts.
      throw BerthException.notImplemented("connecting to " + uri + " (only unix:// sockets)");
    }
    throw BerthException.invalid("invalid host %s: expected unix:///path/to/socket", uri);
  }

  /**
   * The host from the {@code -H} flag, else {@code BERTH_HOST}, else {@code DOCKER_HOST}, else the
   * default socket, which is then marked {@link #isDefault()}.
   */
  public static DockerHost resolve(Optional<String> flag, Map<String, String> env) {
    Optional<String> chosen =
        flag.or(() -> nonEmpty(env.get("BERTH_HOST"))).or(() -> nonEmpty(env.get("DOCKER_HOST")));
    if (chosen.isPresent()) {
      return parse(chosen.get());
    }
    DockerHost fallback = parse(DEFAULT_URI);
    return new DockerHost(fallback.uri(), fallback.socket(), true);
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
