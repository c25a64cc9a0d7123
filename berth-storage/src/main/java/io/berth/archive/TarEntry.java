package io.berth.archive;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a layer tar as berth reads and writes it: the name (directories end in {@code /}),
 * the type, the twelve permission bits, numeric ownership, content size, modification time in
 * seconds, the link target, device numbers and extended attributes (raw values).
 */
public record TarEntry(
    String name,
    Type type,
    int mode,
    long uid,
    long gid,
    long size,
    long mtime,
    String linkName,
    long devMajor,
    long devMinor,
    Map<String, byte[]> xattrs) {

  /** The entry types of a layer tar, with their ustar type flags. */
  public enum Type {
    FILE('0'),
    HARDLINK('1'),
    SYMLINK('2'),
    CHAR_DEVICE('3'),
    BLOCK_DEVICE('4'),
    DIRECTORY('5'),
    FIFO('6');

    private final char flag;

    Type(char flag) {
      this.flag = flag;
    }

    /** The ustar type flag. */
    public char flag() {
      return flag;
    }
  }

  public TarEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(linkName, "linkName");
    if (size < 0) {
      throw new IllegalArgumentException("tar entry " + name + ": negative size " + size);
    }
    if (type != Type.FILE && size != 0) {
      throw new IllegalArgumentException("tar entry " + name + ": only a file has content");
    }
    xattrs = java.util.Collections.unmodifiableMap(new TreeMap<>(xattrs));
  }

  /** This entry under another name. */
  public TarEntry withName(String newName) {
    return new TarEntry(
        newName, type, mode, uid, gid, size, mtime, linkName, devMajor, devMinor, xattrs);
  }
}
