package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.sys.FileTimes;
import io.berth.sys.Nodes;
import io.berth.sys.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers with what only root can make: devices, owners, setuid bits, binary and trusted xattrs. */
class LayerRoundTripIT {

  /** A security.capability value (cap_net_bind_service+ep), binary and not valid UTF-8. */
  private static final byte[] CAPABILITY = {
    1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  @TempDir Path tmp;

  private static Object attr(Path path, String name) throws IOException {
    return Files.getAttribute(path, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  private Path rootfs() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(src.resolve("dev"));
    Nodes.mknod(src.resolve("dev/null"), Nodes.S_IFCHR | 0666, Nodes.makedev(1, 3));
    Nodes.mknod(src.resolve("dev/loop0"), Nodes.S_IFBLK | 0660, Nodes.makedev(7, 0));
    Nodes.mknod(src.resolve("fifo"), Nodes.S_IFIFO | 0600, 0);
    Path suid = Files.writeString(src.resolve("suid"), "#!/bin/sh\n");
    Nodes.lchown(suid, 1000, 2000);
    Nodes.chmod(suid, 04755);
    Path sticky = Files.createDirectories(src.resolve("tmp"));
    Nodes.chmod(sticky, 01777);
    Path ping = Files.writeString(src.resolve("ping"), "binary");
    Xattrs.set(ping, "security.capability", CAPABILITY);
    Xattrs.set(ping, "user.note", "é".getBytes(StandardCharsets.UTF_8));
    Path link = Files.createSymbolicLink(src.resolve("link"), Path.of("ping"));
    Nodes.lchown(link, 3000, 3000);
    FileTimes.lutimes(link, Instant.ofEpochSecond(1234567890), Instant.ofEpochSecond(1234567890));
    return src;
  }

  @Test
  void devicesOwnersModesAndXattrsSurviveWriteThenApply() throws IOException {
    Path src = rootfs();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerBlob blob =
        new LayerWriter(LayerWriter.Options.of(Compression.GZIP, LayerWriter.Source.ROOTFS))
            .write(src, out);
    Path target = Files.createDirectories(tmp.resolve("target"));

    AppliedLayer applied =
        new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, true))
            .apply(new ByteArrayInputStream(out.toByteArray()), target);

    assertThat(applied.diffId()).isEqualTo(blob.diffId());
    assertThat(attr(target.resolve("dev/null"), "rdev")).isEqualTo(Nodes.makedev(1, 3));
    assertThat((int) attr(target.resolve("dev/loop0"), "mode") & Nodes.S_IFMT)
        .isEqualTo(Nodes.S_IFBLK);
    assertThat((int) attr(target.resolve("fifo"), "mode") & Nodes.S_IFMT).isEqualTo(Nodes.S_IFIFO);
    assertThat(attr(target.resolve("suid"), "uid")).isEqualTo(1000);
    assertThat(attr(target.resolve("suid"), "gid")).isEqualTo(2000);
    assertThat((int) attr(target.resolve("suid"), "mode") & 07777).isEqualTo(04755);
    assertThat((int) attr(target.resolve("tmp"), "mode") & 07777).isEqualTo(01777);
    assertThat(Xattrs.get(target.resolve("ping"), "security.capability"))
        .get()
        .isEqualTo(CAPABILITY);
    assertThat(Xattrs.get(target.resolve("ping"), "user.note"))
        .get()
        .isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    assertThat(attr(target.resolve("link"), "uid")).isEqualTo(3000);
    assertThat(
            Files.getLastModifiedTime(target.resolve("link"), LinkOption.NOFOLLOW_LINKS).toMillis())
        .isEqualTo(1234567890_000L);
  }

  @Test
  void overlayUpperDirectoryBecomesOciWhiteouts() throws IOException {
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Files.createDirectories(upper.resolve("etc"));
    Nodes.mknod(upper.resolve("etc/deleted"), Nodes.S_IFCHR, 0);
    Path opaque = Files.createDirectories(upper.resolve("var/cache"));
    Xattrs.set(opaque, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(opaque.resolve("new"), "n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new LayerWriter(LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.OVERLAY_DIFF))
        .write(upper, out);

    List<String> names = new ArrayList<>();
    List<Map<String, String>> paxHeaders = new ArrayList<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        paxHeaders.add(e.getExtraPaxHeaders());
      }
    }
    assertThat(names)
        .containsExactly(
            "etc/",
            "etc/.wh.deleted",
            "var/",
            "var/cache/",
            "var/cache/.wh..wh..opq",
            "var/cache/new");
    assertThat(paxHeaders)
        .allSatisfy(h -> assertThat(h.keySet()).noneMatch(k -> k.contains("overlay")));
  }

  @Test
  void overlayModeMakesOverlayWhiteouts() throws IOException {
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Files.createDirectories(upper.resolve("d"));
    Files.writeString(upper.resolve("gone"), "lower");

    new LayerApplier(new LayerApplier.Options(WhiteoutMode.OVERLAY, true))
        .apply(
            new Tars().whiteout(".wh.gone").whiteout("d/.wh..wh..opq").file("d/x", "1").stream(),
            upper);

    assertThat(attr(upper.resolve("gone"), "rdev")).isEqualTo(0L);
    assertThat((int) attr(upper.resolve("gone"), "mode") & Nodes.S_IFMT).isEqualTo(Nodes.S_IFCHR);
    assertThat(Xattrs.get(upper.resolve("d"), "trusted.overlay.opaque"))
        .get()
        .isEqualTo("y".getBytes(StandardCharsets.US_ASCII));
    assertThat(upper.resolve("d/x")).hasContent("1");
  }

  @Test
  void layerWrittenFromOverlayDiffAppliesOntoLowerInDeleteMode() throws IOException {
    Path lower = Files.createDirectories(tmp.resolve("lower"));
    Files.writeString(lower.resolve("keep"), "k");
    Files.writeString(lower.resolve("gone"), "g");
    Files.createDirectories(lower.resolve("cache"));
    Files.writeString(lower.resolve("cache/old"), "o");
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Nodes.mknod(upper.resolve("gone"), Nodes.S_IFCHR, 0);
    Path cache = Files.createDirectories(upper.resolve("cache"));
    Xattrs.set(cache, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(cache.resolve("fresh"), "f");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(LayerWriter.Options.of(Compression.ZSTD, LayerWriter.Source.OVERLAY_DIFF))
        .write(upper, out);

    new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, true))
        .apply(new ByteArrayInputStream(out.toByteArray()), lower);

    assertThat(Trees.dump(lower)).containsExactly("cache/", "cache/fresh = f", "keep = k");
    assertThat(Xattrs.get(lower.resolve("cache"), "trusted.overlay.opaque")).isEmpty();
  }
}
