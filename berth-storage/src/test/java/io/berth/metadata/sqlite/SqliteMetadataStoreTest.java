package io.berth.metadata.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import io.berth.metadata.BuildCacheRecord;
import io.berth.metadata.ContainerRecord;
import io.berth.metadata.ImageRecord;
import io.berth.metadata.LeaseRecord;
import io.berth.metadata.MetadataStore;
import io.berth.metadata.ReferenceRecord;
import io.berth.metadata.VolumeRecord;
import io.berth.oci.ChainId;
import io.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sqlite metadata store: transactions, constraints, prefixes, persistence, crashes. */
class SqliteMetadataStoreTest {

  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path root;
  MetadataStore store;

  @BeforeEach
  void open() {
    store = SqliteMetadataStore.open(root);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aTransactionThatThrowsLeavesNothing() {
    ImageRecord image = image("a");

    assertThatThrownBy(
            () ->
                store.update(
                    tx -> {
                      tx.images().put(image);
                      tx.references().put(tag("docker.io/library/x:1", image));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(store.<List<ImageRecord>>read(tx -> tx.images().list())).isEmpty();
    assertThat(store.<List<ReferenceRecord>>read(tx -> tx.references().list())).isEmpty();
  }

  @Test
  void aReadTransactionCannotWrite() {
    assertThatThrownBy(
            () ->
                store.read(
                    tx -> {
                      tx.images().put(image("a"));
                      return null;
                    }))
        .isInstanceOf(BerthException.class);
    assertThat(store.<List<ImageRecord>>read(tx -> tx.images().list())).isEmpty();
  }

  @Test
  void aTagPointsAtItsImageAndMovesOnRetag() {
    ImageRecord one = image("1");
    ImageRecord two = image("2");
    store.update(
        tx -> {
          tx.images().put(one);
          tx.images().put(two);
          tx.references().put(tag("docker.io/library/app:1.0", one));
          tx.references().put(tag("docker.io/library/app:1.0", two));
        });

    assertThat(
            store.<Optional<ReferenceRecord>>read(
                tx -> tx.references().get("docker.io/library/app:1.0")))
        .map(ReferenceRecord::imageId)
        .contains(two.id());
    assertThat(store.<List<ReferenceRecord>>read(tx -> tx.references().listByImage(one.id())))
        .isEmpty();
  }

  @Test
  void anImageWithTagsCannotBeDeletedAndATagNeedsItsImage() {
    ImageRecord image = image("a");
    store.update(
        tx -> {
          tx.images().put(image);
          tx.references().put(tag("docker.io/library/app:1.0", image));
        });

    assertKind(() -> store.update(tx -> tx.images().delete(image.id())), ErrorKind.CONFLICT);
    assertKind(
        () -> store.update(tx -> tx.references().put(tag("docker.io/library/b:1", image("z")))),
        ErrorKind.NOT_FOUND);

    store.update(
        tx -> {
          tx.references().delete("docker.io/library/app:1.0");
          assertThat(tx.images().delete(image.id())).isTrue();
        });
    assertThat(store.<Optional<ImageRecord>>read(tx -> tx.images().get(image.id()))).isEmpty();
  }

  @Test
  void aContainerNameIsUnique() {
    store.update(tx -> tx.containers().create(container("a".repeat(64), "web")));

    assertThatThrownBy(
            () -> store.update(tx -> tx.containers().create(container("b".repeat(64), "web"))))
        .isInstanceOfSatisfying(
            BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
        .hasMessageContaining("\"web\" is already in use by container \"" + "a".repeat(64));

    store.update(tx -> tx.containers().create(container("b".repeat(64), "db")));
    assertKind(
        () -> store.update(tx -> tx.containers().update(container("b".repeat(64), "web"))),
        ErrorKind.CONFLICT);
  }

  @Test
  void containersResolveByIdNameOrUniquePrefix() {
    String first = "abc1" + "0".repeat(60);
    String second = "abc2" + "0".repeat(60);
    store.update(
        tx -> {
          tx.containers().create(container(first, "one"));
          tx.containers().create(container(second, "abc1"));
        });

    store.read(
        tx -> {
          assertThat(tx.containers().resolve(first).name()).isEqualTo("one");
          assertThat(tx.containers().resolve("one").id()).isEqualTo(first);
          assertThat(tx.containers().resolve("abc1").id()).isEqualTo(second);
          assertThat(tx.containers().resolve("abc2").id()).isEqualTo(second);
          assertKind(() -> tx.containers().resolve("abc"), ErrorKind.CONFLICT);
          assertKind(() -> tx.containers().resolve("fff"), ErrorKind.NOT_FOUND);
          return null;
        });
  }

  @Test
  void imagesResolveByUniqueIdPrefixWithOrWithoutTheAlgorithm() {
    ImageRecord a = image("a");
    ImageRecord b = image("b");
    store.update(
        tx -> {
          tx.images().put(a);
          tx.images().put(b);
        });
    String hex = a.id().hex();

    store.read(
        tx -> {
          assertThat(tx.images().resolvePrefix(hex.substring(0, 12))).isEqualTo(a);
          assertThat(tx.images().resolvePrefix("sha256:" + hex.substring(0, 5))).isEqualTo(a);
          assertKind(() -> tx.images().resolvePrefix("sha256:"), ErrorKind.CONFLICT);
          assertKind(() -> tx.images().resolvePrefix("zz"), ErrorKind.NOT_FOUND);
          return null;
        });
  }

  @Test
  void everythingSurvivesReopening() {
    ImageRecord image = image("a");
    ChainId chain = ChainId.parse(digest("layer").toString());
    store.update(
        tx -> {
          tx.images().put(image);
          tx.references().put(tag("docker.io/library/app:1.0", image));
          tx.containers().create(container("c".repeat(64), "web"));
          tx.volumes().create(new VolumeRecord("data", "local", Map.of("l", "1"), Map.of(), T0));
          tx.buildCache()
              .put(new BuildCacheRecord("key1", Optional.of(chain), "{\"env\":[]}", T0, T0));
          tx.leases()
              .put(
                  new LeaseRecord("pull-1", Set.of("content:" + image.id()), T0, Optional.empty()));
        });

    store.close();
    store = SqliteMetadataStore.open(root);

    store.read(
        tx -> {
          assertThat(tx.images().get(image.id())).contains(image);
          assertThat(tx.references().get("docker.io/library/app:1.0")).isPresent();
          assertThat(tx.containers().findByName("web").orElseThrow().labels())
              .containsEntry("app", "web");
          assertThat(tx.volumes().get("data").orElseThrow().labels()).containsEntry("l", "1");
          assertThat(tx.buildCache().get("key1").orElseThrow().chainId()).contains(chain);
          assertThat(tx.leases().leased("content:" + image.id(), T0)).isTrue();
          return null;
        });
  }

  @Test
  void volumesBuildCacheAndLeasesKeepTheirRules() {
    VolumeRecord volume = new VolumeRecord("data", "local", Map.of(), Map.of("o", "x"), T0);
    store.update(tx -> tx.volumes().create(volume));
    assertKind(() -> store.update(tx -> tx.volumes().create(volume)), ErrorKind.CONFLICT);

    store.update(
        tx -> {
          tx.buildCache().put(new BuildCacheRecord("old", Optional.empty(), "{}", T0, T0));
          tx.buildCache()
              .put(new BuildCacheRecord("new", Optional.empty(), "{}", T0, T0.plusSeconds(60)));
          assertThat(tx.buildCache().deleteUnusedSince(T0.plusSeconds(1))).isEqualTo(1);
          assertThat(tx.buildCache().touch("new", T0.plusSeconds(120))).isTrue();
        });
    assertThat(store.<List<BuildCacheRecord>>read(tx -> tx.buildCache().list()))
        .extracting(BuildCacheRecord::key)
        .containsExactly("new");

    Instant expiry = T0.plusSeconds(10);
    store.update(
        tx -> {
          tx.leases().put(new LeaseRecord("l1", Set.of("a"), T0, Optional.of(expiry)));
          tx.leases().addResource("l1", "b");
        });
    assertKind(() -> store.update(tx -> tx.leases().addResource("none", "a")), ErrorKind.NOT_FOUND);
    store.read(
        tx -> {
          assertThat(tx.leases().get("l1").orElseThrow().resources()).containsOnly("a", "b");
          assertThat(tx.leases().leased("b", T0)).isTrue();
          assertThat(tx.leases().leased("b", expiry)).isFalse();
          assertThat(tx.leases().expired(expiry)).extracting(LeaseRecord::id).containsExactly("l1");
          return null;
        });
    store.update(tx -> tx.leases().delete("l1"));
    assertThat(store.<Boolean>read(tx -> tx.leases().leased("a", T0))).isFalse();
  }

  @Test
  void aDatabaseFromANewerBerthIsRefused() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("metadata.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }

    assertThatThrownBy(() -> SqliteMetadataStore.open(root))
        .isInstanceOfSatisfying(
            BerthException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
        .hasMessageContaining("version 99");
    store = SqliteMetadataStore.open(root.resolve("other"));
  }

  @Test
  void aWriterKilledMidTransactionLeavesTheDatabaseWhole() throws Exception {
    store.close();
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process writer =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                KilledWriter.class.getName(),
                root.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String line =
        new String(
            writer.getInputStream().readNBytes(KilledWriter.READY.length()),
            StandardCharsets.US_ASCII);
    assertThat(line).isEqualTo(KilledWriter.READY);

    writer.destroyForcibly();
    writer.waitFor();

    store = SqliteMetadataStore.open(root);
    assertThat(store.<List<ContainerRecord>>read(tx -> tx.containers().list()))
        .extracting(ContainerRecord::name)
        .containsExactly("committed");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("metadata.db"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
      assertThat(r.getString(1)).isEqualTo("ok");
    }
  }

  static ImageRecord image(String seed) {
    return new ImageRecord(digest("config" + seed), digest("manifest" + seed), MANIFEST, T0, 1234);
  }

  static ContainerRecord container(String id, String name) {
    return new ContainerRecord(
        id,
        name,
        image("a").id(),
        "{\"Image\":\"x\"}",
        "{\"Status\":\"created\"}",
        T0,
        Map.of("app", "web"));
  }

  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  static ReferenceRecord tag(String name, ImageRecord image) {
    return new ReferenceRecord(name, image.manifestDigest(), MANIFEST, image.id(), T0);
  }

  static Digest digest(String text) {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertKind(Runnable call, ErrorKind kind) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  /**
   * The process the crash test kills: it commits one container, then dies inside a second write.
   */
  public static final class KilledWriter {
    static final String READY = "IN-TRANSACTION\n";

    public static void main(String[] args) throws Exception {
      MetadataStore store = SqliteMetadataStore.open(Path.of(args[0]));
      store.update(tx -> tx.containers().create(container("0".repeat(64), "committed")));
      store.update(
          tx -> {
            for (int i = 1; i < 500; i++) {
              String id = "%064x".formatted(i);
              tx.containers().create(container(id, "doomed-" + i));
            }
            System.out.print(READY);
            System.out.flush();
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
  }
}
