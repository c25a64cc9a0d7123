package io.berth.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The size of a layer's content as Docker reports an image's size: the bytes of its regular files
 * (a hard link counted once, as the entry that names the file) and the lengths of its symbolic
 * links' targets — what the unpacked layer holds on disk, directories aside. Read with the same tar
 * reader that applies layers, so that a tar it cannot apply cannot be measured either.
 */
public final class TarContent {
  private TarContent() {}

  /**
   * Reads the entries of the tar {@code in} up to its end-of-archive marker, leaving {@code in}
   * open, and returns their content size.
   *
   * @throws IOException when the tar is malformed or ends inside an entry
   */
  public static long size(InputStream in) throws IOException {
    TarReader reader = new TarReader(in);
    long size = 0;
    for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
      TarEntry entry = e.get();
      switch (entry.type()) {
        case FILE -> size += entry.size();
        case SYMLINK -> size += entry.linkName().getBytes(StandardCharsets.UTF_8).length;
        default -> {
          // directories, hard links, devices and FIFOs hold no bytes of their own
        }
      }
    }
    return size;
  }
}
