package io.berth.archive;

import com.github.luben.zstd.ZstdInputStream;
import io.berth.errors.BerthException;
import io.berth.oci.DiffId;
import io.berth.oci.Digest;
import io.berth.sys.FileTimes;
import io.berth.sys.Nodes;
import io.berth.sys.SysException;
import io.berth.sys.Xattrs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Applies a layer tar (plain, gzip or zstd, told apart by their magic numbers) onto a directory,
 * turning its whiteouts into deletions or overlayfs whiteouts, and never writing outside that
 * directory: every path is resolved inside it, and a name, hard link or whiteout that would leave
 * it is an INVALID_ARGUMENT error naming the entry. On any error the target is left as it is, for
 * the caller to discard.
 */
public final class LayerApplier {

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final String OVERLAY_XATTRS = "trusted.overlay.";

  /** How to apply: the whiteout mode, and whether to set the numeric owners the tar records. */
  public record Options(WhiteoutMode whiteouts, boolean ownership) {
    public Options {
      Objects.requireNonNull(whiteouts, "whiteouts");
    }

    /** {@code mode}, with ownership applied when running as root (it cannot be otherwise). */
    public static Options of(WhiteoutMode mode) {
      return new Options(mode, Nodes.geteuid() == 0);
    }
  }

  private final Options options;

  public LayerApplier(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Applies the layer read from {@code layer} onto the existing directory {@code target}. */
  public AppliedLayer apply(InputStream layer, Path target) {
    MessageDigest diffId = Digest.newMessageDigest(Digest.SHA256);
    try (InputStream tar = new HashingInputStream(decompress(layer), diffId)) {
      Path root = target.toRealPath();
      long size = new Run(new InRoot(root), new TarReader(tar)).applyAll();
      tar.transferTo(OutputStream.nullOutputStream());
      return new AppliedLayer(new DiffId(Digest.of(Digest.SHA256, diffId.digest())), size);
    } catch (IOException e) {
      throw BerthException.invalid("cannot apply layer onto %s: %s", target, e.getMessage());
    }
  }

  private static InputStream decompress(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    in.mark(8);
    byte[] head = new byte[6];
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    return switch (Compression.detect(head, n)) {
      case GZIP -> new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
      case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), 64 * 1024);
      case NONE -> in;
    };
  }

  /** One application of one layer: what it created, and directory times to restore at the end. */
  private final class Run {
    private final InRoot root;
    private final TarReader reader;
    private final Set<Path> touched = new HashSet<>();
    private final List<Map.Entry<Path, Long>> directoryTimes = new ArrayList<>();
    private long unpacked;

    Run(InRoot root, TarReader reader) {
      this.root = root;
      this.reader = reader;
    }

    long applyAll() throws IOException {
      for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
        TarEntry entry = next.get();
        try {
          applyOne(entry);
        } catch (SysException | java.nio.file.FileSystemException e) {
          throw BerthException.invalid(
              "layer entry \"%s\" cannot be applied: %s", entry.name(), e.getMessage());
        }
      }
      for (int i = directoryTimes.size() - 1; i >= 0; i--) {
        Map.Entry<Path, Long> dir = directoryTimes.get(i);
        Instant time = Instant.ofEpochSecond(dir.getValue());
        FileTimes.lutimes(dir.getKey(), time, time);
      }
      return unpacked;
    }

    private void applyOne(TarEntry entry) throws IOException {
      List<String> parts = InRoot.components(entry.name(), entry.name());
      if (parts.isEmpty()) {
        return; // the root itself: its attributes belong to whoever made the target
      }
      String base = parts.getLast();
      List<String> parentParts = parts.subList(0, parts.size() - 1);
      Path parent = root.resolve(parentParts, true, entry.name());
      root.ensureDirectory(parent, entry.name());
      markTouched(parent);
      if (base.equals(OPAQUE)) {
        opaque(parent, entry);
      } else if (base.startsWith(WHITEOUT + WHITEOUT)) {
        return; // other AUFS metadata (.wh..wh.plnk and the like) carries nothing to apply
      } else if (base.startsWith(WHITEOUT)) {
        whiteout(parent, base.substring(WHITEOUT.length()), entry);
      } else {
        create(parent.resolve(base), entry);
      }
    }

    private void create(Path path, TarEntry entry) throws IOException {
      boolean keepDirectory =
          entry.type() == TarEntry.Type.DIRECTORY
              && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
      if (!keepDirectory && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(path);
      }
      switch (entry.type()) {
        case FILE -> writeFile(path, entry);
        case DIRECTORY -> {
          if (!keepDirectory) {
            Files.createDirectory(path);
          }
        }
        case SYMLINK -> Files.createSymbolicLink(path, Path.of(entry.linkName()));
        case HARDLINK -> Files.createLink(path, linkTarget(entry));
        case CHAR_DEVICE -> mknod(path, entry, Nodes.S_IFCHR);
        case BLOCK_DEVICE -> mknod(path, entry, Nodes.S_IFBLK);
        case FIFO -> Nodes.mknod(path, Nodes.S_IFIFO | (entry.mode() & 0777), 0);
      }
      touched.add(path);
      if (entry.type() != TarEntry.Type.HARDLINK) {
        attributes(path, entry);
      }
    }

    private void writeFile(Path path, TarEntry entry) throws IOException {
      try (OutputStream out =
          Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long copied = reader.content().transferTo(out);
        unpacked += copied;
      }
    }

    private void mknod(Path path, TarEntry entry, int type) throws IOException {
      long dev = Nodes.makedev(entry.devMajor(), entry.devMinor());
      Nodes.mknod(path, type | (entry.mode() & 0777), dev);
    }

    private Path linkTarget(TarEntry entry) throws IOException {
      List<String> parts = InRoot.components(entry.linkName(), entry.name());
      Path target = root.resolve(parts, false, entry.name());
      if (parts.isEmpty() || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid(
            "layer entry \"%s\": hard link target \"%s\" is not in the layer or below",
            entry.name(), entry.linkName());
      }
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw BerthException.invalid(
            "layer entry \"%s\": hard link target \"%s\" is a directory",
            entry.name(), entry.linkName());
      }
      return target;
    }

    /** Owner first, then mode (chown clears setuid), attributes, then times. */
    private void attributes(Path path, TarEntry entry) throws IOException {
      boolean symlink = entry.type() == TarEntry.Type.SYMLINK;
      if (options.ownership()) {
        Nodes.lchown(path, (int) entry.uid(), (int) entry.gid());
      }
      if (!symlink) {
        Nodes.chmod(path, entry.mode());
      }
      for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
        if (!xattr.getKey().startsWith(OVERLAY_XATTRS)) {
          Xattrs.set(path, xattr.getKey(), xattr.getValue());
        }
      }
      if (entry.type() == TarEntry.Type.DIRECTORY) {
        directoryTimes.add(Map.entry(path, entry.mtime()));
      } else {
        Instant time = Instant.ofEpochSecond(entry.mtime());
        FileTimes.lutimes(path, time, time);
      }
    }

    private void whiteout(Path parent, String name, TarEntry entry) throws IOException {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
        throw BerthException.invalid(
            "layer entry \"%s\": a whiteout must name a file in its directory", entry.name());
      }
      Path victim = parent.resolve(name);
      switch (options.whiteouts()) {
        case DELETE -> {
          if (!touched.contains(victim) && Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(victim);
          }
        }
        case OVERLAY -> {
          if (Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(victim);
          }
          Nodes.mknod(victim, Nodes.S_IFCHR, 0);
          touched.add(victim);
        }
      }
    }

    private void opaque(Path dir, TarEntry entry) throws IOException {
      switch (options.whiteouts()) {
        case DELETE -> hideLower(dir);
        case OVERLAY ->
            Xattrs.set(dir, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
      }
    }

    /** Removes from {@code dir} what was there before this layer, keeping what it added. */
    private void hideLower(Path dir) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(children::add);
      }
      for (Path child : children) {
        if (!touched.contains(child)) {
          deleteTree(child);
        } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          hideLower(child);
        }
      }
    }

    private void markTouched(Path dir) {
      for (Path at = dir; at != null && at.startsWith(root.root()); at = at.getParent()) {
        if (!touched.add(at)) {
          return;
        }
      }
    }
  }

  /** A stream that hashes every byte that passes, skipped ones included. */
  private static final class HashingInputStream extends DigestInputStream {
    HashingInputStream(InputStream in, MessageDigest digest) {
      super(in, digest);
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 64 * 1024)];
      long skipped = 0;
      while (skipped < n) {
        int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }

  /** Removes {@code path} and, if it is a directory (not a symlink to one), all it holds. */
  static void deleteTree(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          deleteTree(child);
        }
      }
    }
    Files.delete(path);
  }
}
