package io.berth.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tar archive deterministically: ustar headers, a PAX extended header before an entry
 * whose name, link, numbers or attributes do not fit ustar, empty user and group names, and the two
 * zero blocks that end an archive.
 */
final class TarWriter {

  static final int BLOCK = 512;
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final byte[] ZEROS = new byte[BLOCK];

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code entry} and, for a file, its {@code size} bytes read from {@code content}. */
  void write(TarEntry entry, InputStream content) throws IOException {
    Map<String, byte[]> pax = paxRecords(entry);
    if (!pax.isEmpty()) {
      byte[] records = encode(pax);
      out.write(header("././@PaxHeader", 'x', 0644, 0, 0, records.length, 0, "", 0, 0));
      out.write(records);
      pad(records.length);
    }
    out.write(
        header(
            fitOrEmpty(entry.name(), 100),
            entry.type().flag(),
            entry.mode(),
            clamp(entry.uid(), MAX_OCTAL_7),
            clamp(entry.gid(), MAX_OCTAL_7),
            clamp(entry.size(), MAX_OCTAL_11),
            Math.max(0, clamp(entry.mtime(), MAX_OCTAL_11)),
            fitOrEmpty(entry.linkName(), 100),
            clamp(entry.devMajor(), MAX_OCTAL_7),
            clamp(entry.devMinor(), MAX_OCTAL_7)));
    if (entry.type() == TarEntry.Type.FILE) {
      copy(content, entry.size(), entry.name());
      pad(entry.size());
    }
  }

  /** Writes the end-of-archive marker and flushes. */
  void finish() throws IOException {
    out.write(ZEROS);
    out.write(ZEROS);
    out.flush();
  }

  private static Map<String, byte[]> paxRecords(TarEntry entry) {
    Map<String, byte[]> pax = new TreeMap<>();
    if (!fits(entry.name(), 100)) {
      pax.put("path", utf8(entry.name()));
    }
    if (!fits(entry.linkName(), 100)) {
      pax.put("linkpath", utf8(entry.linkName()));
    }
    putNumber(pax, "uid", entry.uid(), MAX_OCTAL_7);
    putNumber(pax, "gid", entry.gid(), MAX_OCTAL_7);
    putNumber(pax, "size", entry.size(), MAX_OCTAL_11);
    putNumber(pax, "mtime", entry.mtime(), MAX_OCTAL_11);
    entry.xattrs().forEach((name, value) -> pax.put("SCHILY.xattr." + name, value));
    return pax;
  }

  private static void putNumber(Map<String, byte[]> pax, String key, long value, long max) {
    if (value < 0 || value > max) {
      pax.put(key, utf8(Long.toString(value)));
    }
  }

  /** PAX records, {@code "<length> <key>=<value>\n"}, the length counting its own digits. */
  static byte[] encode(Map<String, byte[]> records) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    records.forEach(
        (key, value) -> {
          int rest = 1 + utf8(key).length + 1 + value.length + 1;
          int length = rest + Integer.toString(rest).length();
          if (Integer.toString(length).length() != Integer.toString(rest).length()) {
            length++;
          }
          bytes.writeBytes(utf8(length + " " + key + "="));
          bytes.writeBytes(value);
          bytes.write('\n');
        });
    return bytes.toByteArray();
  }

  private static byte[] header(
      String name,
      char type,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      String linkName,
      long devMajor,
      long devMinor) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, utf8(name));
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) type;
    put(h, 157, 100, utf8(linkName));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    if (type == '3' || type == '4') {
      octal(h, 329, 8, devMajor);
      octal(h, 337, 8, devMinor);
    }
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String checksum = String.format("%06o", sum);
    put(h, 148, 6, checksum.getBytes(StandardCharsets.US_ASCII));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void octal(byte[] h, int offset, int width, long value) {
    String digits = String.format("%0" + (width - 1) + "o", value);
    put(h, offset, width - 1, digits.getBytes(StandardCharsets.US_ASCII));
  }

  private static void put(byte[] h, int offset, int width, byte[] value) {
    System.arraycopy(value, 0, h, offset, Math.min(width, value.length));
  }

  private static boolean fits(String text, int width) {
    byte[] bytes = utf8(text);
    if (bytes.length > width) {
      return false;
    }
    for (byte b : bytes) {
      if (b < 0x20) {
        return false;
      }
    }
    return true;
  }

  private static String fitOrEmpty(String text, int width) {
    return fits(text, width) ? text : "";
  }

  private static long clamp(long value, long max) {
    return value < 0 || value > max ? 0 : value;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void copy(InputStream content, long size, String name) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException(name + " shrank while it was archived: " + left + " bytes missing");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(ZEROS, 0, BLOCK - rest);
    }
  }
}
