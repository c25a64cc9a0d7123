package io.berth.snapshot.overlay;

import io.berth.snapshot.Usage;
import io.berth.sys.FileSync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Whole directory trees: deleting one without following links, measuring one, syncing one. */
final class Tree {

  private Tree() {}

  /**
   * Deletes {@code root} and everything under it, if it exists; links are deleted, not followed.
   */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Up to this many files and directories are synced one by one; more are synced with the whole
   * filesystem in one call, as each {@code fsync} of a new file costs a journal commit of its own.
   */
  static final int FEW = 64;

  /**
   * Writes the files and directories under {@code root} (and {@code root} itself) to disk: one by
   * one when there are {@link #FEW} or fewer, else with a {@code syncfs} of their filesystem.
   */
  static void sync(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> directories = new ArrayList<>();
    boolean many;
    try (Stream<Path> walk = Files.walk(root)) {
      Iterator<Path> entries = walk.iterator();
      while (entries.hasNext() && files.size() + directories.size() <= FEW) {
        Path entry = entries.next();
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          directories.add(entry);
        } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          files.add(entry);
        }
      }
      many = entries.hasNext();
    }
    if (many || files.size() + directories.size() > FEW) {
      FileSync.syncfs(root);
      return;
    }
    for (Path file : files) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
    for (Path directory : directories.reversed()) {
      syncDirectory(directory);
    }
  }

  /** Syncs directory {@code dir}'s entries, so that what was created or renamed in it stays. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** The bytes of file data and the inodes under {@code root}, each hard-linked inode once. */
  static Usage usage(Path root) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] totals = new long[2];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            count(attrs);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            count(attrs);
            return FileVisitResult.CONTINUE;
          }

          private void count(BasicFileAttributes attrs) {
            Object inode = attrs.fileKey();
            if (inode == null || seen.add(inode)) {
              totals[0] += attrs.isRegularFile() ? attrs.size() : 0;
              totals[1]++;
            }
          }
        });
    return new Usage(totals[0], totals[1]);
  }
}
