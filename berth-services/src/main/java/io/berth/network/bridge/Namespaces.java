package io.berth.network.bridge;

import io.berth.errors.BerthException;
import io.berth.mount.MountManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Network namespaces kept alive by a bind mount on a file under {@code <root>/network/netns}, so
 * that they exist before the container's process and can be configured, joined by runc, and
 * released whatever became of the process.
 */
final class Namespaces {

  private final Path dir;
  private final HostCommand commands;

  Namespaces(Path dir, HostCommand commands) {
    this.dir = dir;
    this.commands = commands;
  }

  /** The namespace file of container {@code id}. */
  Path path(String id) {
    return dir.resolve(id);
  }

  /** Creates a fresh namespace for container {@code id} and returns its file. */
  Path create(String id) {
    Path file = path(id);
    try {
      Files.createDirectories(dir);
      release(file);
      Files.createFile(file);
    } catch (IOException e) {
      throw BerthException.internal("creating the network namespace file " + file, e);
    }
    HostCommand.Result r =
        commands.run(List.of("unshare", "--net=" + file, "true"), "", java.util.Map.of());
    if (!r.ok()) {
      release(file);
      throw BerthException.unavailable(
          "creating the network namespace of container %s: unshare exited with %d: %s",
          id, r.code(), r.err());
    }
    return file;
  }

  /** Unmounts and deletes a namespace file; the namespace goes when its last process does. */
  void release(Path file) {
    try {
      if (Files.exists(file)) {
        MountManager.unmount(file);
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw BerthException.internal("removing the network namespace file " + file, e);
    }
  }

  /** Releases every namespace file left in the directory (by a daemon that was killed). */
  int releaseAll() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      all.forEach(this::release);
      return all.size();
    } catch (IOException e) {
      throw BerthException.internal("listing " + dir, e);
    }
  }
}
