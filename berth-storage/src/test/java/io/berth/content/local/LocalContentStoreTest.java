package io.berth.content.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.content.ContentStore;
import io.berth.content.ContentStoreContract;
import io.berth.errors.BerthException;
import io.berth.oci.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalContentStoreTest extends ContentStoreContract {

  @Override
  protected ContentStore newStore(Path root, Duration grace) {
    return new LocalContentStore(root, grace);
  }

  @Test
  void blobIsStoredReadOnlyAtItsLayoutPath() throws Exception {
    Digest digest = store.write("layout".getBytes(StandardCharsets.UTF_8));
    Path blob = root.resolve("blobs/sha256").resolve(digest.hex());

    assertThat(blob).hasContent("layout");
    assertThat(Files.getPosixFilePermissions(blob))
        .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE);
    assertThat(root.resolve("blobs/ingest")).isEmptyDirectory();
  }

  @Test
  void openingCleansWhatACrashLeftInIngest() throws Exception {
    Path leftover = root.resolve("blobs/ingest/half-written");
    Files.writeString(leftover, "partial");

    new LocalContentStore(root);

    assertThat(leftover).doesNotExist();
  }

  @Test
  void writerInProgressLivesInIngest() {
    try (ContentStore.Writer writer = store.writer()) {
      writer.write(new byte[10], 0, 10);
      assertThat(root.resolve("blobs/ingest")).isNotEmptyDirectory();
    }
    assertThat(root.resolve("blobs/ingest")).isEmptyDirectory();
  }

  @Test
  void corruptedBlobFailsVerification() throws Exception {
    Digest digest = store.write("original".getBytes(StandardCharsets.UTF_8));
    Path blob = root.resolve("blobs/sha256").resolve(digest.hex());
    Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(blob, "tampered");

    assertThat(store.verify(digest).ok()).isFalse();
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.openVerified(digest)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(BerthException.class)
        .hasMessageContaining("corrupted");
  }
}
