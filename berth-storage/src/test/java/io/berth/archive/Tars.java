package io.berth.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar archives for tests with an independent implementation (commons-compress). */
final class Tars {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  Tars() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  Tars dir(String name) throws IOException {
    return dir(name, 0755);
  }

  Tars dir(String name, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setMode(mode);
    return put(entry, new byte[0]);
  }

  Tars file(String name, String content) throws IOException {
    return file(name, content, 0644);
  }

  Tars file(String name, String content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    entry.setSize(data.length);
    entry.setMode(mode);
    return put(entry, data);
  }

  Tars symlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    return put(entry, new byte[0]);
  }

  Tars hardlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
    entry.setLinkName(target);
    return put(entry, new byte[0]);
  }

  Tars whiteout(String name) throws IOException {
    return file(name, "");
  }

  private Tars put(TarArchiveEntry entry, byte[] data) throws IOException {
    entry.setModTime(1_000_000_000_000L);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
    return this;
  }

  byte[] bytes() throws IOException {
    tar.finish();
    return bytes.toByteArray();
  }

  InputStream stream() throws IOException {
    return new ByteArrayInputStream(bytes());
  }
}
