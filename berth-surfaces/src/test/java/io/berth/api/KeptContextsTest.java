package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which unpacked contexts are kept, for how long, and when their files go. */
class KeptContextsTest {
  @TempDir Path dir;

  private Path context(String name) throws Exception {
    Path c = Files.createDirectories(dir.resolve("contexts").resolve(name));
    Files.writeString(c.resolve("f"), name);
    return c;
  }

  private static String digest(int i) {
    return "sha256:" + "%064x".formatted(i);
  }

  private static void awaitGone(Path p) throws Exception {
    for (int i = 0; i < 200 && Files.exists(p); i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void aKeptContextIsUsedWhereItLiesAndTheOldestGoesOnceNoBuildReadsIt() throws Exception {
    KeptContexts kept = new KeptContexts(dir.resolve("kept"));
    assertThat(kept.use(digest(0))).isEmpty();

    assertThat(kept.keep(digest(0), context("c0"), Map.of("f", "sha256:0"))).isTrue();
    assertThat(dir.resolve("contexts/c0")).doesNotExist();
    KeptContexts.Use first = kept.use(digest(0)).orElseThrow();
    assertThat(Files.readString(first.dir().resolve("f"))).isEqualTo("c0");
    assertThat(first.digests()).isEqualTo(Map.of("f", "sha256:0"));

    // the same tar kept twice: the second copy stays where it is, for its owner to delete
    Path duplicate = context("dup");
    assertThat(kept.keep(digest(0), duplicate, Map.of())).isFalse();
    assertThat(duplicate).isDirectory();

    // a context of too many files is not kept: its digests would stay in memory
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i <= KeptContexts.MAX_FILES; i++) {
      many.put("f" + i, "sha256:0");
    }
    Path big = context("big");
    assertThat(kept.keep(digest(99), big, many)).isFalse();
    assertThat(big).isDirectory();
    assertThat(kept.use(digest(99))).isEmpty();

    for (int i = 1; i <= KeptContexts.MAX_KEPT; i++) {
      assertThat(kept.keep(digest(i), context("c" + i), Map.of())).isTrue();
    }
    assertThat(kept.size()).isEqualTo(KeptContexts.MAX_KEPT);
    assertThat(kept.use(digest(0))).as("dropped, the least recently used").isEmpty();
    assertThat(first.dir()).as("still read by a build").isDirectory();
    first.close();
    awaitGone(first.dir());
    assertThat(first.dir()).as("deleted after its last build").doesNotExist();
    assertThat(kept.use(digest(1))).isPresent();
  }

  @Test
  void aNewDaemonDeletesWhatAnEarlierOneKept() throws Exception {
    KeptContexts earlier = new KeptContexts(dir.resolve("kept"));
    earlier.keep(digest(1), context("old"), Map.of());
    Path old = earlier.use(digest(1)).orElseThrow().dir();

    KeptContexts later = new KeptContexts(dir.resolve("kept"));
    later.keep(digest(2), context("new"), Map.of());

    awaitGone(old.getParent());
    assertThat(old.getParent()).doesNotExist();
    assertThat(later.use(digest(2)).orElseThrow().dir()).isDirectory();
  }
}
