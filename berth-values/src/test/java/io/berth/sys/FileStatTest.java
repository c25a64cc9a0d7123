package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code statx} through the FFM API says what the JDK's {@code unix:} view says. */
class FileStatTest {

  private static long nanos(Object time) {
    return ((FileTime) time).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static void sameAsTheJdk(Path p) throws Exception {
    Map<String, Object> jdk =
        Files.readAttributes(
            p, "unix:ino,size,lastModifiedTime,ctime,mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    FileStat.Stat st = FileStat.lstat(p);
    assertThat(st.ino()).isEqualTo(((Number) jdk.get("ino")).longValue());
    assertThat(st.size()).isEqualTo(((Number) jdk.get("size")).longValue());
    assertThat(st.mode()).isEqualTo(((Number) jdk.get("mode")).intValue());
    assertThat(st.uid()).isEqualTo(((Number) jdk.get("uid")).intValue());
    assertThat(st.gid()).isEqualTo(((Number) jdk.get("gid")).intValue());
    assertThat(st.mtimeNanos()).isEqualTo(nanos(jdk.get("lastModifiedTime")));
    assertThat(st.ctimeNanos()).isEqualTo(nanos(jdk.get("ctime")));
  }

  @Test
  void aFileADirectoryAndASymlinkReadAsTheJdkReadsThem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "twelve bytes");
    Files.setLastModifiedTime(
        file, FileTime.from(java.time.Instant.parse("2020-01-02T03:04:05.123456789Z")));
    Path link = Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
    sameAsTheJdk(file);
    sameAsTheJdk(dir);
    sameAsTheJdk(link);
    assertThat(FileStat.lstat(file).size()).isEqualTo(12);
    assertThat(FileStat.lstat(file).mtimeNanos() % 1_000_000_000L).isEqualTo(123456789);
    assertThat(FileStat.lstat(link).mode() & 0170000).isEqualTo(0120000);
    assertThat(FileStat.lstat(dir).mode() & 0170000).isEqualTo(0040000);
  }

  @Test
  void aMissingFileIsAnErrorNamingIt(@TempDir Path dir) {
    assertThatThrownBy(() -> FileStat.lstat(dir.resolve("nothing")))
        .isInstanceOf(SysException.class)
        .hasMessageContaining("nothing");
  }
}
