package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking build contexts: every compression Docker sends, and no way out of the directory. */
class BuildContextTest {
  @TempDir Path tmp;

  private BuildContext extract(byte[] tar) throws IOException {
    return BuildContext.extract(new ByteArrayInputStream(tar), tmp.resolve("contexts/c1"));
  }

  private static byte[] sample() throws IOException {
    return new TestTars()
        .file("Dockerfile", "FROM scratch\n")
        .dir("src")
        .file("src/run.sh", "#!/bin/sh\n", 0755)
        .file(".wh.keep", "not a whiteout")
        .file("src/.wh..wh..opq", "not opaque either")
        .symlink("link", "/etc/passwd")
        .hardlink("src/again.sh", "src/run.sh")
        .bytes();
  }

  @Test
  void unpacksFilesDirectoriesLinksAndModes() throws IOException {
    try (BuildContext context = extract(sample())) {
      Path dir = context.dir();
      assertThat(dir.resolve("Dockerfile")).hasContent("FROM scratch");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("src/run.sh"))))
          .isEqualTo("rwxr-xr-x");
      assertThat(dir.resolve(".wh.keep")).hasContent("not a whiteout");
      assertThat(dir.resolve("src/.wh..wh..opq")).hasContent("not opaque either");
      assertThat(Files.readSymbolicLink(dir.resolve("link"))).isEqualTo(Path.of("/etc/passwd"));
      assertThat(Files.isSameFile(dir.resolve("src/again.sh"), dir.resolve("src/run.sh"))).isTrue();
    }
    assertThat(tmp.resolve("contexts/c1")).doesNotExist();
  }

  @Test
  void laterEntriesReplaceEarlierOnesAndDigestsFollow() throws IOException {
    byte[] tar =
        new TestTars()
            .file("a/b/c.txt", "deep")
            .file("a/b", "now a file")
            .file("d/e.txt", "one")
            .file("d/e.txt", "two")
            .hardlink("d/f.txt", "d/e.txt")
            .bytes();
    try (BuildContext context = extract(tar)) {
      Path dir = context.dir();
      assertThat(dir.resolve("a/b")).hasContent("now a file");
      assertThat(dir.resolve("d/e.txt")).hasContent("two");
      String two = io.berth.oci.Digest.sha256("two".getBytes()).toString();
      assertThat(context.digests()).containsEntry("d/e.txt", two).containsEntry("d/f.txt", two);
      assertThat(context.digests().get("a/b"))
          .isEqualTo(io.berth.oci.Digest.sha256("now a file".getBytes()).toString());
    }
  }

  @Test
  void readsGzipBzip2AndXz() throws IOException {
    byte[] tar = sample();
    for (byte[] packed :
        new byte[][] {
          TestTars.compressed(tar, GZIPOutputStream::new),
          TestTars.compressed(tar, BZip2CompressorOutputStream::new),
          TestTars.compressed(tar, XZCompressorOutputStream::new)
        }) {
      try (BuildContext context = extract(packed)) {
        assertThat(context.dir().resolve("src/run.sh")).hasContent("#!/bin/sh");
      }
    }
  }

  @Test
  void refusesANameThatLeavesTheContext() throws IOException {
    byte[] tar = new TestTars().file("a/../../escaped", "x").bytes();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("\"a/../../escaped\" refused: it leaves the context")
        .satisfies(
            e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    assertThat(tmp.resolve("escaped")).doesNotExist();
    assertThat(tmp.resolve("contexts/c1")).doesNotExist();
  }

  @Test
  void refusesToWriteThroughASymlink() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    byte[] tar = new TestTars().symlink("out", outside.toString()).file("out/evil", "x").bytes();
    assertThatThrownBy(() -> extract(tar))
        .hasMessageContaining("\"out/evil\" refused: its parent out is a symlink");
    assertThat(outside.resolve("evil")).doesNotExist();
  }

  @Test
  void refusesAHardLinkToAFileOutside() throws IOException {
    Files.writeString(tmp.resolve("secret"), "s");
    byte[] tar = new TestTars().hardlink("stolen", "../../secret").bytes();
    assertThatThrownBy(() -> extract(tar)).hasMessageContaining("\"stolen\" refused");
    byte[] viaLink =
        new TestTars().symlink("up", tmp.toString()).hardlink("stolen", "up/secret").bytes();
    assertThatThrownBy(() -> extract(viaLink)).hasMessageContaining("\"stolen\" refused");
  }

  @Test
  void aDirectoryReplacedByASymlinkKeepsTheTargetsModeUntouched() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
    byte[] tar = new TestTars().dir("d").symlink("d", outside.toString()).bytes();
    try (BuildContext context = extract(tar)) {
      assertThat(Files.isSymbolicLink(context.dir().resolve("d"))).isTrue();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
        .isEqualTo("rwx------");
    assertThat(outside).exists();
  }

  @Test
  void anAbsoluteNameStaysInside() throws IOException {
    try (BuildContext context = extract(new TestTars().file("/abs/file", "x").bytes())) {
      assertThat(context.dir().resolve("abs/file")).hasContent("x");
    }
  }

  @Test
  void aTruncatedTarIsAClearError() throws IOException {
    byte[] tar = sample();
    byte[] cut = java.util.Arrays.copyOf(tar, 700);
    assertThatThrownBy(() -> extract(cut))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("build context");
    assertThat(tmp.resolve("contexts/c1")).doesNotExist();
  }
}
