package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.dockerfile.DockerIgnore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context berth build sends: ignore rules, symlinks kept, deterministic bytes. */
class ContextTarTest {
  @TempDir Path ctx;
  @TempDir Path outside;

  @BeforeEach
  void tree() throws IOException {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\n");
    Files.writeString(ctx.resolve(".dockerignore"), "node_modules\n*.log\nbuild\n!build/keep\n");
    Files.createDirectories(ctx.resolve("node_modules/big"));
    Files.writeString(ctx.resolve("node_modules/big/index.js"), "x");
    Files.writeString(ctx.resolve("debug.log"), "log");
    Files.createDirectories(ctx.resolve("build"));
    Files.writeString(ctx.resolve("build/keep"), "kept");
    Files.writeString(ctx.resolve("build/drop"), "dropped");
    Files.createDirectories(ctx.resolve("src"));
    Files.writeString(ctx.resolve("src/b.py"), "b");
    Files.writeString(ctx.resolve("src/a.py"), "a");
    Files.writeString(outside.resolve("secret"), "do not send");
    Files.createSymbolicLink(ctx.resolve("src/link"), outside.resolve("secret"));
    Files.createSymbolicLink(ctx.resolve("linkdir"), outside);
  }

  private static DockerIgnore ignore(Path ctx) throws IOException {
    try (var in = Files.newInputStream(ctx.resolve(".dockerignore"))) {
      return DockerIgnore.read(".dockerignore", in);
    }
  }

  private ContextTar tar(Set<String> always) throws IOException {
    return new ContextTar(ctx, ignore(ctx), always, Map.of());
  }

  private static List<TarArchiveEntry> read(byte[] bytes, Map<String, String> contents)
      throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e);
        if (e.isFile()) {
          contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return entries;
  }

  private byte[] bytes(ContextTar tar) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tar.write(out);
    return out.toByteArray();
  }

  @Test
  void leavesOutIgnoredPathsInNameOrder() throws IOException {
    assertThat(tar(Set.of("Dockerfile", ".dockerignore")).entries())
        .containsExactly(
            ".dockerignore",
            "Dockerfile",
            "build/keep",
            "linkdir",
            "src/",
            "src/a.py",
            "src/b.py",
            "src/link");
  }

  @Test
  void symlinksAreSentAsSymlinksNeverFollowed() throws IOException {
    Map<String, String> contents = new java.util.HashMap<>();
    List<TarArchiveEntry> entries = read(bytes(tar(Set.of())), contents);
    TarArchiveEntry link =
        entries.stream().filter(e -> e.getName().equals("src/link")).findFirst().orElseThrow();
    assertThat(link.isSymbolicLink()).isTrue();
    assertThat(link.getLinkName()).isEqualTo(outside.resolve("secret").toString());
    assertThat(contents.values()).doesNotContain("do not send");
    assertThat(contents).containsEntry("build/keep", "kept").containsEntry("src/a.py", "a");
    assertThat(entries).allSatisfy(e -> assertThat(e.getLongUserId()).isZero());
  }

  @Test
  void theDockerfileAndIgnoreFileAreSentEvenWhenIgnored() throws IOException {
    Files.writeString(ctx.resolve(".dockerignore"), "*\n");
    Files.createDirectories(ctx.resolve("docker"));
    Files.writeString(ctx.resolve("docker/app.Dockerfile"), "FROM busybox\n");
    ContextTar tar =
        new ContextTar(
            ctx, ignore(ctx), Set.of("docker/app.Dockerfile", ".dockerignore"), Map.of());
    assertThat(tar.entries()).containsExactly(".dockerignore", "docker/app.Dockerfile");
  }

  @Test
  void theSameTreeGivesTheSameBytes() throws IOException {
    Files.setLastModifiedTime(ctx.resolve("src/a.py"), FileTime.fromMillis(1_000_500));
    byte[] first = bytes(tar(Set.of()));
    byte[] second = bytes(tar(Set.of()));
    assertThat(second).isEqualTo(first);
    Map<String, String> contents = new java.util.HashMap<>();
    TarArchiveEntry a =
        read(first, contents).stream()
            .filter(e -> e.getName().equals("src/a.py"))
            .findFirst()
            .orElseThrow();
    assertThat(a.getModTime().getTime()).isEqualTo(1_000_000);
  }

  @Test
  void extraFilesComeLast() throws IOException {
    ContextTar tar =
        new ContextTar(
            ctx, ignore(ctx), Set.of(), Map.of(".dockerfile.abc", "FROM x\n".getBytes()));
    Map<String, String> contents = new java.util.HashMap<>();
    List<TarArchiveEntry> entries = read(bytes(tar), contents);
    assertThat(entries.getLast().getName()).isEqualTo(".dockerfile.abc");
    assertThat(contents).containsEntry(".dockerfile.abc", "FROM x\n");
  }

  @Test
  void stdinTellsATarFromADockerfile() throws IOException {
    byte[] tarBytes = bytes(tar(Set.of()));
    assertThat(BuildContextSource.isArchive(tarBytes)).isTrue();
    assertThat(BuildContextSource.isArchive("FROM busybox\n".getBytes())).isFalse();
    assertThat(BuildContextSource.isArchive(new byte[] {0x1f, (byte) 0x8b, 8})).isTrue();
  }
}
