package io.berth.snapshot.overlay;

import io.berth.snapshot.Usage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Whole directory trees: deleting one without following links, and measuring one. */
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
