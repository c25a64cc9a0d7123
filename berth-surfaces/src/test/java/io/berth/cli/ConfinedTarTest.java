package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth cp}'s local tar handling stays inside its destination. */
class ConfinedTarTest {
  @TempDir Path dir;

  private static byte[] tar(String... nameAndContentOrLink) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < nameAndContentOrLink.length; i += 2) {
        String name = nameAndContentOrLink[i];
        String value = nameAndContentOrLink[i + 1];
        if (value.startsWith("->")) {
          TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          link.setLinkName(value.substring(2));
          tar.putArchiveEntry(link);
        } else {
          TarArchiveEntry e = new TarArchiveEntry(name);
          byte[] data = value.getBytes(UTF_8);
          e.setSize(data.length);
          tar.putArchiveEntry(e);
          tar.write(data);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void packedFoldersComeBackUnderANewName() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/sub"));
    Files.writeString(src.resolve("f.txt"), "hello");
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    ConfinedTar.pack(dir.resolve("src"), "src", packed);
    Path out = Files.createDirectories(dir.resolve("out"));
    ConfinedTar.extract(new ByteArrayInputStream(packed.toByteArray()), out, "src", "copy");
    assertThat(out.resolve("copy/sub/f.txt")).hasContent("hello");
  }

  @Test
  void dotDotAndPathsThroughSymlinksAreRefused() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    assertThatThrownBy(
            () ->
                ConfinedTar.extract(
                    new ByteArrayInputStream(tar("a/../../evil", "x")), out, "a", null))
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("leaves the destination");
    byte[] escape = tar("link", "->" + dir, "link/evil", "x");
    assertThatThrownBy(
            () -> ConfinedTar.extract(new ByteArrayInputStream(escape), out, "link", null))
        .hasMessageContaining("is a symbolic link");
    assertThat(dir.resolve("evil")).doesNotExist();
  }
}
