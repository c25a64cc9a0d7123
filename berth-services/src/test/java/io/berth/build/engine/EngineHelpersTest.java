package io.berth.build.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's path, glob, chmod and context-hash helpers, on plain directories. */
class EngineHelpersTest {

  @TempDir Path dir;

  @Test
  void rootedPathsNeverLeaveTheRoot() throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("rel"), Path.of("../../../.."));
    Files.createSymbolicLink(root.resolve("etc/link"), Path.of("/etc"));
    assertThat(RootedPath.resolve(root, "../../x", true)).isEqualTo(root.resolve("x"));
    assertThat(RootedPath.resolve(root, "abs/x", true)).isEqualTo(root.resolve("x"));
    assertThat(RootedPath.resolve(root, "rel/x", true)).isEqualTo(root.resolve("x"));
    assertThat(RootedPath.resolve(root, "etc/link/passwd", true))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(RootedPath.resolve(root, "abs", false)).isEqualTo(root.resolve("abs"));
    Path made = RootedPath.mkdirs(root, "abs/a/b", 0, 0);
    assertThat(made).isEqualTo(root.resolve("a/b")).isDirectory();
  }

  @Test
  void symlinkLoopsAreRefused() throws IOException {
    Path root = Files.createDirectories(dir.resolve("loop"));
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
    assertThatThrownBy(() -> RootedPath.resolve(root, "a/x", true))
        .hasMessageContaining("symbolic links");
  }

  @Test
  void globsMatchLikeGo() throws IOException {
    Path root = Files.createDirectories(dir.resolve("ctx"));
    for (String f : new String[] {"a.md", "b.md", "c.txt", "sub/d.md", "arr[0].txt"}) {
      Files.createDirectories(root.resolve(f).getParent());
      Files.writeString(root.resolve(f), f);
    }
    assertThat(Glob.match(root, "*.md"))
        .containsExactly(root.resolve("a.md"), root.resolve("b.md"));
    assertThat(Glob.match(root, "*/*.md")).containsExactly(root.resolve("sub/d.md"));
    assertThat(Glob.match(root, "?.txt")).containsExactly(root.resolve("c.txt"));
    assertThat(Glob.match(root, "arr[[]0].txt")).containsExactly(root.resolve("arr[0].txt"));
    assertThat(Glob.match(root, "[ab].md")).hasSize(2);
    assertThat(Glob.match(root, "../*.md")).hasSize(2);
  }

  @Test
  void chmodTakesOctalAndSymbolicModes() {
    assertThat(Chmod.parse("755", IllegalArgumentException::new).apply(0600, false))
        .isEqualTo(0755);
    assertThat(Chmod.parse("+x", IllegalArgumentException::new).apply(0644, false)).isEqualTo(0755);
    Chmod x = Chmod.parse("u=rwX,go=rX", IllegalArgumentException::new);
    assertThat(x.apply(0600, false)).isEqualTo(0644);
    assertThat(x.apply(0700, false)).isEqualTo(0755);
    assertThat(x.apply(0700, true)).isEqualTo(0755);
    assertThat(Chmod.parse("g=u", IllegalArgumentException::new).apply(0640, false))
        .isEqualTo(0660);
    assertThatThrownBy(() -> Chmod.parse("u+q", IllegalArgumentException::new))
        .hasMessageContaining("--chmod=u+q");
  }

  @Test
  void contextHashesTrustOnlyOldStamps() throws IOException {
    Path ctx = Files.createDirectories(dir.resolve("hashed"));
    Path file = ctx.resolve("f");
    Files.writeString(file, "one");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    Path cacheDir = dir.resolve("cache");

    // Hashed in the same instant as its last change: racy, so hashed again next time.
    FileTime ctime = (FileTime) Files.getAttribute(file, "unix:ctime");
    Clock racy = Clock.fixed(ctime.toInstant().plusMillis(50), ZoneOffset.UTC);
    ContextHashCache first = ContextHashCache.open(cacheDir, ctx, racy);
    String digest = first.digest(file, "f");
    first.save();
    ContextHashCache second = ContextHashCache.open(cacheDir, ctx, Clock.systemUTC());
    assertThat(second.digest(file, "f")).isEqualTo(digest);
    assertThat(second.hashedFiles()).isEqualTo(1);
    second.save();

    // Hashed from a clock well after the stamp: trusted.
    Clock later = Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC);
    ContextHashCache third = ContextHashCache.open(cacheDir, ctx, later);
    third.digest(file, "f");
    third.save();
    ContextHashCache fourth = ContextHashCache.open(cacheDir, ctx, later);
    assertThat(fourth.digest(file, "f")).isEqualTo(digest);
    assertThat(fourth.hashedFiles()).isZero();

    // Same size, same mtime, other content: the ctime moved, so it is hashed again.
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, mtime);
    ContextHashCache fifth = ContextHashCache.open(cacheDir, ctx, later);
    assertThat(fifth.digest(file, "f")).isNotEqualTo(digest);
  }

  @Test
  void aTreeOfManyFilesIsHashedOnSeveralThreadsIntoTheSameEntries() throws IOException {
    Path ctx = Files.createDirectories(dir.resolve("many"));
    Clock later = Clock.fixed(Instant.now().plusSeconds(60), ZoneOffset.UTC);
    for (int d = 0; d < 3; d++) {
      Path sub = Files.createDirectories(ctx.resolve("d" + d));
      for (int i = 0; i < 50; i++) {
        Files.writeString(sub.resolve("f" + i), "file " + d + "/" + i);
      }
    }
    ContextHashCache cache = ContextHashCache.open(dir.resolve("cache"), ctx, later);

    var tree = TreeDigest.of(cache, ctx, "", ContextFilter.NONE);

    assertThat(tree).hasSize(1 + 3 + 150).containsKey("d2/f49");
    assertThat(cache.hashedFiles()).isEqualTo(150);
    for (int d = 0; d < 3; d++) {
      for (int i = 0; i < 50; i++) {
        String digest = io.berth.oci.Digest.sha256(("file " + d + "/" + i).getBytes()).toString();
        assertThat(tree.get("d" + d + "/f" + i)).isEqualTo("f 644 " + digest);
      }
    }
    // the second walk reads nothing and gives the same entries
    assertThat(TreeDigest.of(cache, ctx, "", ContextFilter.NONE)).isEqualTo(tree);
    assertThat(cache.hashedFiles()).isEqualTo(150);
  }

  @Test
  void theRacyWindowIsShortOnlyWhereTimesHaveFractions() {
    long second = 1_000_000_000L;
    assertThat(ContextHashCache.racyWindow(1_700_000_000L * second, 1_700_000_000L * second))
        .isEqualTo(second);
    assertThat(ContextHashCache.racyWindow(1_700_000_000L * second + 123, 1_700_000_000L * second))
        .isEqualTo(second / 10);
  }
}
