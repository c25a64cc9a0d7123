package io.berth.dockerfile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test-case folders under a resource directory: one case per sub-folder. */
final class CaseDirectories {

  private CaseDirectories() {}

  static Stream<Path> under(String resource) throws IOException, URISyntaxException {
    Path root = Path.of(CaseDirectories.class.getResource(resource).toURI());
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  /** Whether expected files are to be rewritten from the actual output (-Dberth.regenerate). */
  static boolean regenerate() {
    return Boolean.getBoolean("berth.regenerate");
  }

  /** The source folder of a case, for regeneration. */
  static Path source(Path caseDir) {
    String p = caseDir.toString().replace("/target/test-classes/", "/src/test/resources/");
    return Path.of(p);
  }
}
