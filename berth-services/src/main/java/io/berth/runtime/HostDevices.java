package io.berth.runtime;

import io.berth.errors.BerthException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The device nodes of the host's {@code /dev}, which a {@code --privileged} container gets as
 * Docker gives them: every character and block device, without the pseudo-terminal, shared-memory
 * and message-queue directories (the container has its own) or the console (the runtime's).
 */
public final class HostDevices {
  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
  private static final int TYPE_MASK = 0170000;
  private static final int CHAR_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;

  private HostDevices() {}

  /** The devices under {@code dev}, in directory order, each with its mode and owner. */
  public static List<RuntimeSpec.Device> under(Path dev) {
    List<RuntimeSpec.Device> devices = new ArrayList<>();
    try {
      collect(dev, dev, devices);
    } catch (IOException e) {
      throw BerthException.internal("listing the host's devices under " + dev + ": " + e, e);
    }
    return devices;
  }

  private static void collect(Path top, Path dir, List<RuntimeSpec.Device> devices)
      throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          if (!SKIPPED_DIRECTORIES.contains(name)) {
            collect(top, entry, devices);
          }
        } else if (!name.equals("console")) {
          device(top, entry).ifPresent(devices::add);
        }
      }
    }
  }

  private static Optional<RuntimeSpec.Device> device(Path top, Path file) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    String type =
        switch (mode & TYPE_MASK) {
          case CHAR_DEVICE -> "c";
          case BLOCK_DEVICE -> "b";
          default -> "";
        };
    if (type.isEmpty()) {
      return Optional.empty();
    }
    long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    String path = "/dev/" + top.relativize(file);
    return Optional.of(
        new RuntimeSpec.Device(
            type,
            path,
            major(rdev),
            minor(rdev),
            Optional.of(mode & 07777),
            Optional.of(uid),
            Optional.of(gid)));
  }

  /** The major number of a Linux {@code dev_t}, as glibc's {@code major()}. */
  static long major(long rdev) {
    return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
  }

  /** The minor number of a Linux {@code dev_t}, as glibc's {@code minor()}. */
  static long minor(long rdev) {
    return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
  }
}
