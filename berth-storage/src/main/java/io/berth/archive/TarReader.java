package io.berth.archive;

import io.berth.errors.BerthException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tar archive entry by entry: ustar and old GNU headers, PAX extended headers (path,
 * linkpath, size, uid, gid, mtime, {@code SCHILY.xattr.*}) and GNU long names. A header that fails
 * its checksum or content that ends early is an INVALID_ARGUMENT error naming the entry.
 */
final class TarReader {

  private static final int BLOCK = TarWriter.BLOCK;

  private final InputStream in;
  private long remaining;
  private long padding;
  private String current = "";
  private boolean ended;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, its content readable from {@link #content} until the next call. */
  Optional<TarEntry> next() throws IOException {
    skipRest();
    Map<String, byte[]> pax = new HashMap<>();
    Optional<String> longName = Optional.empty();
    Optional<String> longLink = Optional.empty();
    while (!ended) {
      byte[] header = new byte[BLOCK];
      if (!readHeader(header)) {
        ended = true;
        return Optional.empty();
      }
      char type = (char) header[156];
      long size = number(header, 124, 12);
      String name = name(header);
      switch (type) {
        case 'x' -> pax.putAll(parsePax(readData(size, name)));
        case 'g' -> readData(size, name);
        case 'L' -> longName = Optional.of(cString(readData(size, name)));
        case 'K' -> longLink = Optional.of(cString(readData(size, name)));
        default -> {
          TarEntry entry = entry(header, type, pax, longName, longLink);
          current = entry.name();
          remaining = entry.size();
          padding = (BLOCK - entry.size() % BLOCK) % BLOCK;
          return Optional.of(entry);
        }
      }
    }
    return Optional.empty();
  }

  /** The content of the entry {@link #next} returned; it fails if the archive ends inside it. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw truncated();
        }
        remaining -= n;
        return n;
      }
    };
  }

  private TarEntry entry(
      byte[] h,
      char flag,
      Map<String, byte[]> pax,
      Optional<String> longName,
      Optional<String> longLink) {
    String name = text(pax.get("path")).or(() -> longName).orElseGet(() -> name(h));
    String link = text(pax.get("linkpath")).or(() -> longLink).orElseGet(() -> field(h, 157, 100));
    TarEntry.Type type = type(flag, name);
    Map<String, byte[]> xattrs = new HashMap<>();
    pax.forEach(
        (key, value) -> {
          if (key.startsWith("SCHILY.xattr.")) {
            xattrs.put(key.substring("SCHILY.xattr.".length()), value);
          }
        });
    long size = paxNumber(pax, "size", name).orElse(number(h, 124, 12));
    if (type != TarEntry.Type.FILE) {
      size = 0;
    }
    if (type == TarEntry.Type.FILE && name.endsWith("/")) {
      type = TarEntry.Type.DIRECTORY;
    }
    return new TarEntry(
        name,
        type,
        (int) (number(h, 100, 8) & 07777),
        paxNumber(pax, "uid", name).orElse(number(h, 108, 8)),
        paxNumber(pax, "gid", name).orElse(number(h, 116, 8)),
        size,
        paxNumber(pax, "mtime", name).orElse(number(h, 136, 12)),
        link,
        number(h, 329, 8),
        number(h, 337, 8),
        xattrs);
  }

  private static TarEntry.Type type(char flag, String name) {
    return switch (flag) {
      case '0', '\0', '7' -> TarEntry.Type.FILE;
      case '1' -> TarEntry.Type.HARDLINK;
      case '2' -> TarEntry.Type.SYMLINK;
      case '3' -> TarEntry.Type.CHAR_DEVICE;
      case '4' -> TarEntry.Type.BLOCK_DEVICE;
      case '5' -> TarEntry.Type.DIRECTORY;
      case '6' -> TarEntry.Type.FIFO;
      default ->
          throw BerthException.notImplemented("tar entry type '" + flag + "' (entry " + name + ")");
    };
  }

  private boolean readHeader(byte[] header) throws IOException {
    int n = in.readNBytes(header, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw BerthException.invalid(
          "layer tar ends inside a header (after entry \"%s\"): %d of 512 bytes", current, n);
    }
    if (isZero(header)) {
      return false;
    }
    long stored = number(header, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
    }
    if (sum != stored) {
      throw BerthException.invalid(
          "layer tar has a corrupt header after entry \"%s\": checksum %d, expected %d",
          current, sum, stored);
    }
    return true;
  }

  private byte[] readData(long size, String name) throws IOException {
    if (size > 16 * 1024 * 1024) {
      throw BerthException.invalid("tar extended header %s is too large: %d bytes", name, size);
    }
    byte[] data = new byte[(int) size];
    current = name;
    if (in.readNBytes(data, 0, data.length) < data.length) {
      throw truncated();
    }
    in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
    return data;
  }

  private void skipRest() throws IOException {
    try {
      while (remaining > 0) {
        long skipped = in.skip(remaining);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw truncated();
          }
          skipped = 1;
        }
        remaining -= skipped;
      }
      in.skipNBytes(padding);
      padding = 0;
    } catch (EOFException e) {
      throw truncated();
    }
  }

  private BerthException truncated() {
    return BerthException.invalid(
        "layer tar entry \"%s\": the archive ends before the entry's content does "
            + "(truncated stream or a header that lies about its size)",
        current);
  }

  static Map<String, byte[]> parsePax(byte[] data) {
    Map<String, byte[]> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = indexOf(data, (byte) ' ', pos);
      int length;
      try {
        length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (RuntimeException e) {
        throw BerthException.invalid("malformed PAX record at byte %d of an extended header", pos);
      }
      int end = pos + length;
      int equals = indexOf(data, (byte) '=', space);
      if (length <= 0
          || end > data.length
          || equals < 0
          || equals >= end
          || data[end - 1] != '\n') {
        throw BerthException.invalid("malformed PAX record at byte %d of an extended header", pos);
      }
      String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      records.put(key, java.util.Arrays.copyOfRange(data, equals + 1, end - 1));
      pos = end;
    }
    return records;
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    throw BerthException.invalid("malformed PAX record at byte %d of an extended header", from);
  }

  private static Optional<String> text(byte[] value) {
    return Optional.ofNullable(value).map(v -> new String(v, StandardCharsets.UTF_8));
  }

  private static Optional<Long> paxNumber(Map<String, byte[]> pax, String key, String name) {
    return text(pax.get(key))
        .map(
            v -> {
              try {
                int dot = v.indexOf('.');
                return Long.parseLong(dot < 0 ? v : v.substring(0, dot));
              } catch (NumberFormatException e) {
                throw BerthException.invalid(
                    "layer tar entry \"%s\": PAX %s \"%s\" is not a number", name, key, v);
              }
            });
  }

  private static String name(byte[] h) {
    String name = field(h, 0, 100);
    String magic = field(h, 257, 6);
    if (magic.equals("ustar")) {
      String prefix = field(h, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static String field(byte[] h, int offset, int width) {
    int end = offset;
    while (end < offset + width && h[end] != 0) {
      end++;
    }
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  /** A ustar number: octal digits padded with spaces or NULs, or big-endian base-256. */
  static long number(byte[] h, int offset, int width) {
    if ((h[offset] & 0x80) != 0) {
      long value = h[offset] & 0x3f;
      for (int i = 1; i < width; i++) {
        value = (value << 8) | (h[offset + i] & 0xff);
      }
      return value;
    }
    long value = 0;
    for (int i = offset; i < offset + width; i++) {
      byte b = h[i];
      if (b == 0 || (b == ' ' && value > 0)) {
        break;
      }
      if (b >= '0' && b <= '7') {
        value = value * 8 + (b - '0');
      } else if (b != ' ') {
        throw BerthException.invalid("tar header has a malformed number at offset %d", offset);
      }
    }
    return value;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
