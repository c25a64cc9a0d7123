package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built to escape the target; none may write outside it. */
class HostileArchiveTest {

  @TempDir Path tmp;
  Path target;
  Path sentinel;
  List<String> sentinelBefore;

  @BeforeEach
  void dirs() throws IOException {
    target = Files.createDirectories(tmp.resolve("target"));
    sentinel = Files.createDirectories(tmp.resolve("sentinel"));
    Files.writeString(sentinel.resolve("keep"), "untouched");
    sentinelBefore = Trees.dump(tmp.resolve("sentinel"));
  }

  private AppliedLayer apply(InputStream layer) {
    return new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, false))
        .apply(layer, target);
  }

  private void assertRefused(InputStream layer, String entry) {
    assertThatThrownBy(() -> apply(layer))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageContaining(entry);
    assertSentinelUntouched();
  }

  private void assertSentinelUntouched() {
    try {
      assertThat(Trees.dump(sentinel)).isEqualTo(sentinelBefore);
      assertThat(Files.list(tmp).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("target", "sentinel");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void dotDotNameIsRefused() throws IOException {
    assertRefused(new Tars().file("../sentinel/keep", "pwned").stream(), "../sentinel/keep");
    assertRefused(new Tars().file("a/../../escape", "pwned").stream(), "a/../../escape");
  }

  @Test
  void absoluteNameIsConfinedToTheTarget() throws IOException {
    apply(new Tars().file(sentinel.resolve("keep").toString(), "inside").stream());

    assertThat(target.resolve(sentinel.toString().substring(1)).resolve("keep"))
        .hasContent("inside");
    assertSentinelUntouched();
  }

  @Test
  void relativeSymlinkOutIsResolvedInsideTheTarget() throws IOException {
    apply(new Tars().symlink("evil", "../../sentinel").file("evil/keep", "inside").stream());

    assertThat(target.resolve("sentinel/keep")).hasContent("inside");
    assertThat(Files.isSymbolicLink(target.resolve("evil"))).isTrue();
    assertSentinelUntouched();
  }

  @Test
  void absoluteSymlinkIsResolvedInsideTheTarget() throws IOException {
    apply(
        new Tars()
                .symlink("abs", sentinel.toString())
                .file("abs/keep", "inside")
                .symlink("dotdot", "/../../..")
                .file("dotdot/top", "top")
                .stream());

    assertThat(target.resolve(sentinel.toString().substring(1)).resolve("keep"))
        .hasContent("inside");
    assertThat(target.resolve("top")).hasContent("top");
    assertSentinelUntouched();
  }

  @Test
  void hardLinkOutsideIsRefused() throws IOException {
    assertRefused(new Tars().hardlink("h", "../sentinel/keep").stream(), "\"h\"");
    assertRefused(
        new Tars().hardlink("h", sentinel.resolve("keep").toString()).stream(), "hard link");
  }

  @Test
  void hardLinkThroughSymlinkStaysInside() throws IOException {
    apply(
        new Tars()
                .file("sentinel/keep", "inner")
                .symlink("out", "../sentinel")
                .hardlink("h", "out/keep")
                .stream());

    assertThat(target.resolve("h")).hasContent("inner");
    assertSentinelUntouched();
  }

  @Test
  void hardLinkToMissingTargetIsRefused() throws IOException {
    assertRefused(
        new Tars().symlink("out", "../sentinel").hardlink("h", "out/keep").stream(),
        "not in the layer");
  }

  @Test
  void whiteoutOutsideIsRefused() throws IOException {
    assertRefused(new Tars().whiteout("../sentinel/.wh.keep").stream(), ".wh.keep");
    assertRefused(new Tars().whiteout("a/.wh..").stream(), "a/.wh..");
    assertRefused(new Tars().whiteout("../.wh.sentinel").stream(), ".wh.sentinel");
  }

  @Test
  void whiteoutThroughSymlinkStaysInside() throws IOException {
    apply(new Tars().symlink("s", "../sentinel").whiteout("s/.wh.keep").stream());

    assertSentinelUntouched();
  }

  @Test
  void opaqueThroughSymlinkStaysInside() throws IOException {
    apply(
        new Tars()
            .symlink("s", "/" + tmp.relativize(sentinel)).whiteout("s/.wh..wh..opq").stream());

    assertSentinelUntouched();
  }

  @Test
  void truncatedStreamIsRefusedNamingTheEntry() throws IOException {
    byte[] tar = new Tars().file("big", "x".repeat(5000)).bytes();
    byte[] cut = Arrays.copyOf(tar, 512 + 1000);

    assertRefused(new ByteArrayInputStream(cut), "big");
  }

  @Test
  void corruptHeaderIsRefused() throws IOException {
    byte[] tar = new Tars().file("ok", "x").file("bad", "y").bytes();
    tar[1024 + 3] ^= 0x55;

    assertRefused(new ByteArrayInputStream(tar), "checksum");
  }

  @Test
  void symlinkLoopIsRefused() throws IOException {
    assertRefused(
        new Tars().symlink("a", "b").symlink("b", "a").file("a/x", "loop").stream(), "a/x");
  }
}
