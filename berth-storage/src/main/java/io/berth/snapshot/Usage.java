package io.berth.snapshot;

/** The disk space a snapshot's own directory takes: bytes of file data and inodes. */
public record Usage(long bytes, long inodes) {

  public Usage {
    if (bytes < 0 || inodes < 0) {
      throw new IllegalArgumentException("usage cannot be negative: " + bytes + ", " + inodes);
    }
  }
}
