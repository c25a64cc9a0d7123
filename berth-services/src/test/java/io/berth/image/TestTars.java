package io.berth.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tars written by the tests themselves: a busybox root filesystem, archives, hostile entries. */
public final class TestTars {
  private final List<Item> items = new ArrayList<>();

  private record Item(TarArchiveEntry entry, byte[] content) {}

  public TestTars file(String name, byte[] content) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    e.setMode(0100755);
    e.setModTime(0);
    items.add(new Item(e, content));
    return this;
  }

  public TestTars file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public TestTars dir(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040755);
    e.setModTime(0);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  public TestTars symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    e.setModTime(0);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  public TestTars hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    e.setModTime(0);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  public byte[] bytes() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Item item : items) {
          tar.putArchiveEntry(item.entry());
          tar.write(item.content());
          tar.closeArchiveEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A root filesystem with the static busybox and a few applet links, or a stand-in file. */
  public static byte[] busyboxRootfs() {
    try {
      Path busybox = Path.of("/bin/busybox");
      byte[] binary =
          Files.isRegularFile(busybox) ? Files.readAllBytes(busybox) : "#!busybox\n".getBytes();
      TestTars tar = new TestTars().dir("bin").file("bin/busybox", binary);
      for (String applet : List.of("sh", "ls", "echo", "cat", "true")) {
        tar.symlink("bin/" + applet, "busybox");
      }
      return tar.dir("etc").file("etc/hostname", "berth\n").bytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
