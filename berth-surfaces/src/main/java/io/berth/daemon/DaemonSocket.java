package io.berth.daemon;

import io.berth.api.http.HttpServer;
import io.berth.errors.BerthException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * The listening socket, set up as dockerd sets up its own: parent directory made, a stale socket
 * removed only when nothing answers on it, group {@code berth} if that group exists, mode 0660.
 */
final class DaemonSocket {
  private static final System.Logger LOG = System.getLogger(DaemonSocket.class.getName());

  private DaemonSocket() {}

  static ServerSocketChannel bind(Path socket, String group) throws IOException {
    Files.createDirectories(socket.toAbsolutePath().getParent());
    if (Files.exists(socket)) {
      removeStale(socket);
    }
    ServerSocketChannel listener = HttpServer.bind(socket);
    try {
      setGroup(socket, group);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
      return listener;
    } catch (IOException e) {
      listener.close();
      Files.deleteIfExists(socket);
      throw e;
    }
  }

  /** Removes {@code socket} once closed, leaving nothing behind for the next daemon. */
  static void remove(Path socket) {
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not remove the socket socket={0} error={1}", socket, e);
    }
  }

  private static void removeStale(Path socket) throws IOException {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      throw BerthException.conflict(
          "a daemon is already listening on unix://%s; stop it or give this one another -H",
          socket);
    } catch (IOException refused) {
      LOG.log(Level.INFO, "removing a stale socket socket={0}", socket);
      Files.delete(socket);
    }
  }

  private static void setGroup(Path socket, String group) throws IOException {
    try {
      GroupPrincipal principal =
          socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
      Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(principal);
    } catch (UserPrincipalNotFoundException e) {
      LOG.log(
          Level.WARNING,
          "group {0} does not exist: the socket stays in root''s group, so only root can use it"
              + " (create it with: groupadd --system {0}) socket={1}",
          group,
          socket);
    }
  }
}
