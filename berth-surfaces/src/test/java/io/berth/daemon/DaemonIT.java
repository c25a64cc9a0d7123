package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.http.HttpServer;
import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's start and stop: root lock, socket, pid file. */
class DaemonIT {
  @TempDir Path dir;

  @Test
  void bindsItsSocketWithMode0660AndRemovesItAtClose() throws Exception {
    Path socket;
    Path pid;
    try (TestDaemon daemon = TestDaemon.start(dir)) {
      socket = daemon.socket();
      pid = daemon.root().resolve("berth.pid");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-rw----");
      assertThat(Files.readString(pid).trim())
          .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
    assertThat(socket).doesNotExist();
    assertThat(pid).doesNotExist();
  }

  @Test
  void twoDaemonsCannotShareARoot() throws Exception {
    try (TestDaemon first = TestDaemon.start(dir)) {
      DaemonConfig second = DaemonConfig.forTest(first.root(), dir.resolve("other.sock"));
      assertThatThrownBy(() -> Daemon.start(second))
          .isInstanceOf(BerthException.class)
          .hasMessageContaining("another berth daemon (pid " + ProcessHandle.current().pid() + ")")
          .hasMessageContaining("is using the root " + first.root());
    }
  }

  @Test
  void replacesAStaleSocketButNotALiveOne() throws Exception {
    Path socket = dir.resolve("berth.sock");
    HttpServer.bind(socket).close();
    assertThat(socket).exists();
    try (TestDaemon daemon = TestDaemon.start(dir)) {
      DaemonConfig rival = DaemonConfig.forTest(dir.resolve("root2"), daemon.socket());
      assertThatThrownBy(() -> Daemon.start(rival))
          .isInstanceOf(BerthException.class)
          .hasMessageContaining("a daemon is already listening on unix://" + socket)
          .extracting(e -> ((BerthException) e).kind())
          .isEqualTo(ErrorKind.CONFLICT);
    }
  }

  @Test
  void parsesDockerdsFlags() {
    DaemonMain main = new DaemonMain();
    new picocli.CommandLine(main)
        .parseArgs("--data-root", "/srv/b", "-H", "unix:///tmp/a.sock", "-H", "unix:///tmp/b.sock");
    DaemonConfig config = main.config();
    assertThat(config.root()).isEqualTo(Path.of("/srv/b"));
    assertThat(config.sockets()).containsExactly(Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"));
    assertThat(config.execRoot()).isEqualTo(Path.of("/srv/b/exec"));
    assertThatThrownBy(() -> DaemonConfig.socketOf("tcp://0.0.0.0:2375"))
        .extracting(e -> ((BerthException) e).kind())
        .isEqualTo(ErrorKind.NOT_IMPLEMENTED);
  }

  @Test
  void keepsItsEngineIdAcrossRestarts() throws Exception {
    String first;
    try (TestDaemon daemon = TestDaemon.start(dir)) {
      first = Files.readString(daemon.root().resolve("engine-id"));
    }
    try (TestDaemon daemon = TestDaemon.start(dir)) {
      assertThat(Files.readString(daemon.root().resolve("engine-id"))).isEqualTo(first);
    }
  }
}
