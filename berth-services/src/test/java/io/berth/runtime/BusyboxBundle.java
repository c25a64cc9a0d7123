package io.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A runtime bundle whose rootfs holds the static busybox, its applets and a few users. */
public final class BusyboxBundle {

  private static final List<String> APPLETS =
      List.of(
          "sh",
          "echo",
          "cat",
          "id",
          "sleep",
          "pwd",
          "env",
          "ls",
          "true",
          "false",
          "touch",
          "wc",
          "test",
          "hostname",
          "tty",
          "stty",
          "read");

  private BusyboxBundle() {}

  /** Creates {@code bundle/rootfs} and returns it. */
  public static Path rootfs(Path bundle) throws IOException {
    Path rootfs = bundle.resolve("rootfs");
    for (String dir : List.of("bin", "etc", "tmp", "proc", "sys", "dev", "home/app", "root")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Files.copy(
        Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Path notExecutable = rootfs.resolve("bin/noexec");
    Files.writeString(notExecutable, "#!/bin/sh\necho never\n");
    Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(
        rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
    Files.writeString(
        rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:app\napp:x:1000:\naudio:x:29:app\n");
    return rootfs;
  }

  /** Writes {@code spec} as the bundle's config.json. */
  public static void writeConfig(Path bundle, RuntimeSpec spec) throws IOException {
    Files.writeString(bundle.resolve("config.json"), RuntimeSpecJson.write(spec));
  }
}
