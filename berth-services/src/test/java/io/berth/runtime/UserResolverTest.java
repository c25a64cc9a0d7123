package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {

  private static UserResolver users;

  @BeforeAll
  static void fixture() throws URISyntaxException {
    Path root = Path.of(UserResolverTest.class.getResource("users").toURI());
    users = new UserResolver(root);
  }

  @Test
  void emptyIsRoot() {
    assertThat(users.resolve("", List.of())).isEqualTo(new ResolvedUser(0, 0, List.of(), "/root"));
  }

  @Test
  void nameGivesPasswdIdsHomeAndMemberships() {
    assertThat(users.resolve("app", List.of()))
        .isEqualTo(new ResolvedUser(1000, 1000, List.of(50, 29), "/home/app"));
  }

  @Test
  void uidFindsTheSameEntry() {
    assertThat(users.resolve("1000", List.of())).isEqualTo(users.resolve("app", List.of()));
  }

  @Test
  void unknownUidIsAllowedWithGidZeroAndHomeSlash() {
    assertThat(users.resolve("4242", List.of()))
        .isEqualTo(new ResolvedUser(4242, 0, List.of(), "/"));
  }

  @Test
  void nameAndGroupNameUseThatGroupOnly() {
    assertThat(users.resolve("app:staff", List.of()))
        .isEqualTo(new ResolvedUser(1000, 50, List.of(), "/home/app"));
  }

  @Test
  void uidAndGidNeedNoEntries() {
    assertThat(users.resolve("5000:6000", List.of()))
        .isEqualTo(new ResolvedUser(5000, 6000, List.of(), "/"));
  }

  @Test
  void groupAddResolvesNamesAndNumbers() {
    assertThat(users.resolve("daemon", List.of("nogroup", "777")))
        .isEqualTo(new ResolvedUser(1, 1, List.of(65534, 777), "/usr/sbin"));
  }

  @Test
  void emptyHomeIsSlash() {
    assertThat(users.resolve("nohome", List.of()).home()).isEqualTo("/");
  }

  @Test
  void missingUserGivesDockersError() {
    assertThatThrownBy(() -> users.resolve("x", List.of()))
        .isInstanceOf(BerthException.class)
        .hasMessage("unable to find user x: no matching entries in passwd file")
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.INVALID_ARGUMENT);
  }

  @Test
  void missingGroupGivesDockersError() {
    assertThatThrownBy(() -> users.resolve("app:wheel", List.of()))
        .hasMessage("unable to find group wheel: no matching entries in group file");
  }

  @Test
  void noPasswdFileStillAllowsNumbers(@TempDir Path empty) {
    UserResolver bare = new UserResolver(empty);
    assertThat(bare.resolve("0", List.of())).isEqualTo(new ResolvedUser(0, 0, List.of(), "/"));
    assertThatThrownBy(() -> bare.resolve("root", List.of()))
        .hasMessageContaining("unable to find user root");
  }

  @Test
  void symlinkOutOfTheRootfsStaysInside(@TempDir Path dir) throws IOException {
    // The host-side target holds a user that must not be found through the link.
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "evil:x:0:0::/:/bin/sh\n");
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), outside.resolve("passwd"));
    assertThatThrownBy(() -> new UserResolver(rootfs).resolve("evil", List.of()))
        .hasMessageContaining("unable to find user evil");

    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../outside/passwd"));
    assertThatThrownBy(() -> new UserResolver(rootfs).resolve("evil", List.of()))
        .hasMessageContaining("unable to find user evil");
  }

  @Test
  void symlinkInsideTheRootfsIsFollowedFromItsRoot(@TempDir Path rootfs) throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("data"));
    Files.writeString(rootfs.resolve("data/passwd"), "svc:x:300:301::/srv:/bin/sh\n");
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/data/passwd"));
    assertThat(new UserResolver(rootfs).resolve("svc", List.of()))
        .isEqualTo(new ResolvedUser(300, 301, List.of(), "/srv"));
  }
}
