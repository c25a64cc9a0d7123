package io.berth.daemon;

import io.berth.errors.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The daemon's effective settings, from its flags and environment. */
public record DaemonConfig(
    Path root, List<Path> sockets, String group, String runtime, Path execRoot, String logLevel) {

  /** The default socket, as {@code /var/run/docker.sock} is Docker's. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");

  /** The default root when neither {@code --root} nor {@code BERTH_ROOT} says otherwise. */
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth");

  public DaemonConfig {
    Objects.requireNonNull(root, "root");
    sockets = List.copyOf(sockets);
    if (sockets.isEmpty()) {
      throw BerthException.invalid("the daemon needs at least one socket to listen on");
    }
    Objects.requireNonNull(group, "group");
    if (!runtime.equals("runc") && !runtime.equals("crun")) {
      throw BerthException.invalid("unknown runtime %s (expected runc or crun)", runtime);
    }
    Objects.requireNonNull(execRoot, "execRoot");
    Objects.requireNonNull(logLevel, "logLevel");
  }

  /** Settings for a daemon in {@code root} listening on {@code socket}, as tests start them. */
  public static DaemonConfig forTest(Path root, Path socket) {
    return new DaemonConfig(root, List.of(socket), "berth", "runc", root.resolve("exec"), "warn");
  }

  /** The socket path of a {@code -H} value: {@code unix:///path}; tcp is not implemented. */
  public static Path socketOf(String host) {
    if (host.startsWith("unix://")) {
      String path = host.substring("unix://".length());
      if (!path.startsWith("/")) {
        throw BerthException.invalid("invalid host %s: the socket path must be absolute", host);
      }
      return Path.of(path);
    }
    if (host.startsWith("tcp://") || host.startsWith("fd://") || host.startsWith("ssh://")) {
      throw BerthException.notImplemented("listening on " + host + " (only unix:// sockets)");
    }
    throw BerthException.invalid("invalid host %s: expected unix:///path/to/socket", host);
  }
}
