package io.berth.archive;

import com.github.luben.zstd.ZstdOutputStream;
import io.berth.errors.BerthException;
import io.berth.oci.DiffId;
import io.berth.sys.Nodes;
import io.berth.sys.Xattrs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Writes a directory tree as a layer tar, compressed, computing the diff ID, the blob digest and
 * its size in the same pass. The tar is reproducible: entries in byte order of their paths (so
 * parents come before children), numeric owners with empty user and group names, times clamped to
 * an optional {@code SOURCE_DATE_EPOCH}, hard links written once as a file and then as links.
 */
public final class LayerWriter {

  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFSOCK = 0140000;

  /** What the source directory is. */
  public enum Source {
    /** A complete file system: every entry is written as it is. */
    ROOTFS,
    /**
     * An overlayfs upper directory: a 0:0 character device becomes a {@code .wh.<name>} whiteout
     * and a directory with {@code trusted.overlay.opaque=y} gets a {@code .wh..wh..opq} entry.
     */
    OVERLAY_DIFF
  }

  /**
   * How to write: the compression, the kind of source, the {@code SOURCE_DATE_EPOCH} that clamps
   * times, a prefix put before every entry's path (empty for none), and which source paths
   * (relative, without leading or trailing slash) to include.
   */
  public record Options(
      Compression compression,
      Source source,
      Optional<Long> sourceDateEpoch,
      String prefix,
      Predicate<String> include) {
    public Options {
      Objects.requireNonNull(compression, "compression");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(include, "include");
      prefix = prefix.replaceAll("^/+|/+$", "");
    }

    /** Everything in a source of kind {@code source}, compressed with {@code compression}. */
    public static Options of(Compression compression, Source source) {
      return new Options(compression, source, Optional.empty(), "", path -> true);
    }

    public Options withSourceDateEpoch(long epochSeconds) {
      return new Options(compression, source, Optional.of(epochSeconds), prefix, include);
    }

    public Options withPrefix(String newPrefix) {
      return new Options(compression, source, sourceDateEpoch, newPrefix, include);
    }

    public Options withInclude(Predicate<String> newInclude) {
      return new Options(compression, source, sourceDateEpoch, prefix, newInclude);
    }
  }

  private final Options options;

  public LayerWriter(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Writes the tree under {@code dir} as a layer to {@code sink}, which is flushed but not closed
   * (a content store writer is committed by the caller with the returned digest and size).
   */
  public LayerBlob write(Path dir, OutputStream sink) {
    try {
      List<Node> nodes = scan(dir);
      HashingOutputStream blob = new HashingOutputStream(sink);
      OutputStream compressor = compressor(blob);
      // An uncompressed blob is the tar itself: its bytes are hashed once, for both digests.
      boolean plain = options.compression() == Compression.NONE;
      HashingOutputStream tar = plain ? blob : new HashingOutputStream(compressor);
      TarWriter writer = new TarWriter(new BufferedOutputStream(tar, 256 * 1024));
      long contentSize = writeAll(nodes, writer);
      writer.finish();
      compressor.close();
      blob.flush();
      DiffId diffId = new DiffId(tar.digest());
      return new LayerBlob(
          plain ? diffId.digest() : blob.digest(),
          blob.count(),
          diffId,
          options.compression().mediaType(),
          contentSize);
    } catch (IOException e) {
      throw BerthException.internal("cannot write a layer from " + dir + ": " + e.getMessage(), e);
    }
  }

  private OutputStream compressor(OutputStream blob) throws IOException {
    return switch (options.compression()) {
      case NONE -> blob;
      case GZIP -> new ParallelGzipOutputStream(blob);
      case ZSTD -> {
        ZstdOutputStream zstd = new ZstdOutputStream(blob);
        zstd.setWorkers(Runtime.getRuntime().availableProcessors());
        zstd.setCloseFrameOnFlush(false);
        yield zstd;
      }
    };
  }

  /** A file found in the source: its path relative to the root, its tar name and attributes. */
  private record Node(Path path, String relative, byte[] sortKey, Map<String, Object> attrs) {}

  private List<Node> scan(Path dir) throws IOException {
    List<Node> nodes = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (path.equals(dir)) {
          continue;
        }
        String relative = dir.relativize(path).toString();
        if (!options.include().test(relative)) {
          continue;
        }
        Map<String, Object> attrs = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        nodes.add(new Node(path, relative, relative.getBytes(StandardCharsets.UTF_8), attrs));
      }
    }
    nodes.sort((a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey()));
    return nodes;
  }

  /** Writes every node and returns the content size of the layer, as {@link TarContent} counts. */
  private long writeAll(List<Node> nodes, TarWriter writer) throws IOException {
    Map<String, String> firstPathOfInode = new HashMap<>();
    long contentSize = 0;
    for (Node node : nodes) {
      int mode = (int) node.attrs().get("mode");
      int type = mode & S_IFMT;
      if (type == S_IFSOCK) {
        continue; // sockets are not archived, as in Docker
      }
      String name = name(node.relative());
      long rdev = (long) node.attrs().get("rdev");
      if (options.source() == Source.OVERLAY_DIFF && type == Nodes.S_IFCHR && rdev == 0) {
        writer.write(whiteout(node, ".wh." + node.path().getFileName()), null);
        continue;
      }
      TarEntry entry = entry(node, name, type, rdev, firstPathOfInode);
      contentSize += contentSize(entry);
      if (entry.type() == TarEntry.Type.FILE) {
        try (InputStream content = Files.newInputStream(node.path(), LinkOption.NOFOLLOW_LINKS)) {
          writer.write(entry, content);
        }
      } else {
        writer.write(entry, null);
      }
      if (entry.type() == TarEntry.Type.DIRECTORY && isOpaque(node)) {
        writer.write(whiteout(node, node.path().getFileName() + "/.wh..wh..opq"), null);
      }
    }
    return contentSize;
  }

  private static long contentSize(TarEntry entry) {
    return switch (entry.type()) {
      case FILE -> entry.size();
      case SYMLINK -> entry.linkName().getBytes(StandardCharsets.UTF_8).length;
      default -> 0;
    };
  }

  private TarEntry entry(
      Node node, String name, int type, long rdev, Map<String, String> firstPathOfInode)
      throws IOException {
    Map<String, Object> a = node.attrs();
    long size = 0;
    String link = "";
    TarEntry.Type kind;
    switch (type) {
      case S_IFDIR -> {
        kind = TarEntry.Type.DIRECTORY;
        name = name + "/";
      }
      case S_IFLNK -> {
        kind = TarEntry.Type.SYMLINK;
        link = Files.readSymbolicLink(node.path()).toString();
      }
      case S_IFREG -> {
        String inode = a.get("dev") + ":" + a.get("ino");
        String first = (int) a.get("nlink") > 1 ? firstPathOfInode.putIfAbsent(inode, name) : null;
        if (first != null) {
          kind = TarEntry.Type.HARDLINK;
          link = first;
        } else {
          kind = TarEntry.Type.FILE;
          size = (long) a.get("size");
        }
      }
      case Nodes.S_IFCHR -> kind = TarEntry.Type.CHAR_DEVICE;
      case Nodes.S_IFBLK -> kind = TarEntry.Type.BLOCK_DEVICE;
      default -> kind = TarEntry.Type.FIFO;
    }
    boolean device = kind == TarEntry.Type.CHAR_DEVICE || kind == TarEntry.Type.BLOCK_DEVICE;
    return new TarEntry(
        name,
        kind,
        (int) a.get("mode") & 07777,
        (int) a.get("uid") & 0xffffffffL,
        (int) a.get("gid") & 0xffffffffL,
        size,
        mtime((FileTime) a.get("lastModifiedTime")),
        link,
        device ? Nodes.major(rdev) : 0,
        device ? Nodes.minor(rdev) : 0,
        xattrs(node.path()));
  }

  private TarEntry whiteout(Node node, String fileName) {
    Path parent = Path.of(node.relative()).getParent();
    String relative = parent == null ? fileName : parent + "/" + fileName;
    long mtime = mtime((FileTime) node.attrs().get("lastModifiedTime"));
    return new TarEntry(name(relative), TarEntry.Type.FILE, 0, 0, 0, 0, mtime, "", 0, 0, Map.of());
  }

  // TODO(#3): overlayfs redirect_dir and metacopy upper entries are not translated; berth mounts
  // its overlays without them. File names that are not valid UTF-8 are not preserved byte for byte.
  private boolean isOpaque(Node node) throws IOException {
    if (options.source() != Source.OVERLAY_DIFF) {
      return false;
    }
    return Xattrs.get(node.path(), "trusted.overlay.opaque")
        .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y"))
        .orElse(false);
  }

  private static Map<String, byte[]> xattrs(Path path) throws IOException {
    Map<String, byte[]> xattrs = new TreeMap<>();
    for (String name : Xattrs.list(path)) {
      if (!name.startsWith("trusted.overlay.")) {
        Xattrs.get(path, name).ifPresent(value -> xattrs.put(name, value));
      }
    }
    return xattrs;
  }

  private long mtime(FileTime time) {
    long seconds = time.to(TimeUnit.SECONDS);
    return options.sourceDateEpoch().filter(epoch -> epoch < seconds).orElse(seconds);
  }

  private String name(String relative) {
    return options.prefix().isEmpty() ? relative : options.prefix() + "/" + relative;
  }
}
