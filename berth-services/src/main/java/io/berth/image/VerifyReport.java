package io.berth.image;

import java.util.List;

/**
 * The outcome of checking the store: how many blobs were re-hashed and images checked, and every
 * problem found, each naming the blob or image and what is wrong; whole when there are none.
 */
public record VerifyReport(int blobs, int images, List<String> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing is wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
