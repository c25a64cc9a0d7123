package io.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Historical layering bugs: each case applies a stack of layers in DELETE mode onto one directory
 * and compares the result with the tree the stack must give.
 */
class LayeringBugsTest {

  @TempDir Path target;

  private void applyAll(Tars... layers) throws IOException {
    LayerApplier applier = new LayerApplier(new LayerApplier.Options(WhiteoutMode.DELETE, false));
    for (Tars layer : layers) {
      applier.apply(layer.stream(), target);
    }
  }

  @Test
  void directoryWhitedOutThenRecreatedHoldsOnlyTheNewContent() throws IOException {
    applyAll(
        new Tars().dir("d").file("d/old", "1").dir("d/sub").file("d/sub/deep", "2"),
        new Tars().whiteout(".wh.d"),
        new Tars().dir("d").file("d/new", "3"));

    assertThat(Trees.dump(target)).containsExactly("d/", "d/new = 3");
  }

  @Test
  void opaqueDirectoryHidesLowerContentButKeepsItsOwn() throws IOException {
    applyAll(
        new Tars().dir("d").file("d/lower", "1").dir("d/sub").file("d/sub/lower", "2"),
        // "-own" sorts before ".wh..wh..opq": what the layer adds must survive either order.
        new Tars().dir("d").file("d/-own", "3").whiteout("d/.wh..wh..opq").file("d/sub2", "4"));

    assertThat(Trees.dump(target)).containsExactly("d/", "d/-own = 3", "d/sub2 = 4");
  }

  @Test
  void opaqueDirectoryKeepsWhatTheLayerAddsInsideLowerSubdirectory() throws IOException {
    applyAll(
        new Tars().dir("d").dir("d/sub").file("d/sub/lower", "1"),
        new Tars().dir("d").file("d/.wh..wh..opq", "").dir("d/sub").file("d/sub/upper", "2"));

    assertThat(Trees.dump(target)).containsExactly("d/", "d/sub/", "d/sub/upper = 2");
  }

  @Test
  void hardLinkToAFileOfALowerLayer() throws IOException {
    applyAll(new Tars().file("base", "shared"), new Tars().hardlink("link", "base"));

    assertThat(Trees.dump(target)).containsExactly("base = shared", "link = shared");
    assertThat(Files.getAttribute(target.resolve("link"), "unix:ino"))
        .isEqualTo(Files.getAttribute(target.resolve("base"), "unix:ino"));
  }

  @Test
  void whiteoutOfOneHardLinkKeepsTheOther() throws IOException {
    applyAll(new Tars().file("a", "data").hardlink("b", "a"), new Tars().whiteout(".wh.a"));

    assertThat(Trees.dump(target)).containsExactly("b = data");
  }

  @Test
  void modeChangeOnlyKeepsContent() throws IOException {
    applyAll(
        new Tars().dir("d", 0755).file("d/f", "data", 0644),
        new Tars().dir("d", 0700).file("d/f", "data", 0755));

    assertThat(Trees.dump(target)).containsExactly("d/", "d/f = data");
    assertThat(Files.getPosixFilePermissions(target.resolve("d")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(target.resolve("d/f")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void symlinkReplacedByDirectory() throws IOException {
    applyAll(
        new Tars().dir("real").file("real/x", "1").symlink("s", "real"),
        new Tars().dir("s").file("s/y", "2"));

    assertThat(Trees.dump(target)).containsExactly("real/", "real/x = 1", "s/", "s/y = 2");
  }

  @Test
  void fileReplacedByDirectoryAndBack() throws IOException {
    applyAll(
        new Tars().file("p", "file"),
        new Tars().dir("p").file("p/child", "c"),
        new Tars().file("p", "file again"));

    assertThat(Trees.dump(target)).containsExactly("p = file again");
  }

  @Test
  void directoryReplacedBySymlink() throws IOException {
    applyAll(new Tars().dir("d").file("d/x", "1"), new Tars().symlink("d", "elsewhere"));

    assertThat(Trees.dump(target)).isEqualTo(List.of("d -> elsewhere"));
  }
}
