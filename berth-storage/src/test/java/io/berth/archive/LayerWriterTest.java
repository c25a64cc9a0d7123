package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerWriterTest {

  @TempDir Path tmp;
  Path source;

  @BeforeEach
  void tree() throws IOException {
    source = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(source.resolve("a/b"));
    Files.createDirectories(source.resolve("a-b"));
    Files.writeString(source.resolve("a/b/file.txt"), "hello ".repeat(1000));
    Files.writeString(source.resolve("a-b/x"), "x");
    Files.createLink(source.resolve("a/hard"), source.resolve("a/b/file.txt"));
    Files.createSymbolicLink(source.resolve("link"), Path.of("a/b/file.txt"));
    Files.writeString(source.resolve("d".repeat(120) + "é"), "long name");
    Files.setPosixFilePermissions(
        source.resolve("a-b/x"), PosixFilePermissions.fromString("rwxr-x---"));
  }

  private static List<TarArchiveEntry> entries(InputStream tar) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        entries.add(e);
      }
    }
    return entries;
  }

  private LayerBlob write(Compression compression, java.io.OutputStream out) {
    return new LayerWriter(LayerWriter.Options.of(compression, LayerWriter.Source.ROOTFS))
        .write(source, out);
  }

  @Test
  void entriesAreSortedByPathBytesWithHardLinksAndLongNames() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(Compression.NONE, out);

    List<TarArchiveEntry> entries = entries(new ByteArrayInputStream(out.toByteArray()));
    assertThat(entries)
        .extracting(TarArchiveEntry::getName)
        .containsExactly(
            "a/", "a-b/", "a-b/x", "a/b/", "a/b/file.txt", "a/hard", "d".repeat(120) + "é", "link");
    TarArchiveEntry hard = entries.get(5);
    assertThat(hard.isLink()).isTrue();
    assertThat(hard.getLinkName()).isEqualTo("a/b/file.txt");
    assertThat(entries.get(2).getMode()).isEqualTo(0750);
    assertThat(entries.get(7).getLinkName()).isEqualTo("a/b/file.txt");
    assertThat(entries).allSatisfy(e -> assertThat(e.getUserName()).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void oneWriteGivesDigestSizeAndDiffId(Compression compression) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerBlob blob = write(compression, out);

    byte[] compressed = out.toByteArray();
    InputStream plain =
        switch (compression) {
          case NONE -> new ByteArrayInputStream(compressed);
          case GZIP -> new GZIPInputStream(new ByteArrayInputStream(compressed));
          case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(compressed));
        };
    assertThat(blob.digest()).isEqualTo(Digest.sha256(compressed));
    assertThat(blob.size()).isEqualTo(compressed.length);
    byte[] tar = plain.readAllBytes();
    assertThat(blob.diffId().digest()).isEqualTo(Digest.sha256(tar));
    assertThat(blob.mediaType()).isEqualTo(compression.mediaType());
    assertThat(blob.contentSize())
        .as("the content size the applier's reader measures")
        .isEqualTo(TarContent.size(new ByteArrayInputStream(tar)))
        .isEqualTo(6000 + 1 + "long name".length() + "a/b/file.txt".length());
  }

  @Test
  void sameTreeGivesSameBytesAndEpochClampsTimes() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    assertThat(write(Compression.GZIP, first)).isEqualTo(write(Compression.GZIP, second));
    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());

    Files.setLastModifiedTime(source.resolve("a-b/x"), FileTime.fromMillis(2_000_000_000_000L));
    ByteArrayOutputStream clamped = new ByteArrayOutputStream();
    new LayerWriter(
            LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.ROOTFS)
                .withSourceDateEpoch(1_500_000_000L))
        .write(source, clamped);
    TarArchiveEntry x =
        entries(new ByteArrayInputStream(clamped.toByteArray())).stream()
            .filter(e -> e.getName().equals("a-b/x"))
            .findFirst()
            .orElseThrow();
    assertThat(x.getModTime().getTime()).isEqualTo(1_500_000_000_000L);
  }

  @Test
  void prefixAndFilterSelectAndRenameEntries() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(
            LayerWriter.Options.of(Compression.NONE, LayerWriter.Source.ROOTFS)
                .withPrefix("/app/")
                .withInclude(path -> path.startsWith("a-b")))
        .write(source, out);

    assertThat(entries(new ByteArrayInputStream(out.toByteArray())))
        .extracting(TarArchiveEntry::getName)
        .containsExactly("app/a-b/", "app/a-b/x");
  }

  @Test
  void appliedLayerReproducesTheTreeAndItsDiffId() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerBlob blob = write(Compression.ZSTD, out);
    Path target = Files.createDirectories(tmp.resolve("target"));

    AppliedLayer applied =
        new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, false))
            .apply(new ByteArrayInputStream(out.toByteArray()), target);

    assertThat(applied.diffId()).isEqualTo(blob.diffId());
    assertThat(Trees.dump(target)).isEqualTo(Trees.dump(source));
    assertThat(Files.getPosixFilePermissions(target.resolve("a-b/x")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(Files.getAttribute(target.resolve("a/hard"), "unix:ino"))
        .isEqualTo(Files.getAttribute(target.resolve("a/b/file.txt"), "unix:ino"));
    long sourceSeconds =
        Files.getLastModifiedTime(source.resolve("a")).to(java.util.concurrent.TimeUnit.SECONDS);
    assertThat(Files.getLastModifiedTime(target.resolve("a")).toMillis())
        .as("directory time restored after its children were written")
        .isEqualTo(sourceSeconds * 1000);
  }

  @Test
  void layerWrittenIntoAContentStoreCommitsUnderItsDigest() throws IOException {
    io.berth.content.ContentStore store =
        new io.berth.content.local.LocalContentStore(tmp.resolve("store"));
    LayerBlob blob;
    try (io.berth.content.ContentStore.Writer writer = store.writer()) {
      blob = write(Compression.GZIP, new java.io.BufferedOutputStream(writer.outputStream()));
      writer.commit(blob.size(), blob.digest());
    }

    assertThat(store.verify(blob.digest()).ok()).isTrue();
    try (InputStream in = store.open(blob.digest())) {
      Path target = Files.createDirectories(tmp.resolve("from-store"));
      assertThat(
              new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, false))
                  .apply(in, target)
                  .diffId())
          .isEqualTo(blob.diffId());
    }
  }
}
