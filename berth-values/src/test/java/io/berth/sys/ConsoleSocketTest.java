package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receiving a pseudo-terminal's master over a unix socket, as runc sends it. */
class ConsoleSocketTest {

  @TempDir Path dir;

  @Test
  void theReceivedDescriptorIsTheSentTerminal() throws Throwable {
    Pty.Opened sent = Pty.open();
    int masterFd = descriptorOf(sent);
    try (ConsoleSocket socket = ConsoleSocket.listen(dir.resolve("c.sock"))) {
      FdSender.send(socket.path(), "/dev/ptmx", masterFd);
      try (Pty received = socket.receivePty(Duration.ofSeconds(5), "the test terminal");
          FileOutputStream slave = new FileOutputStream(sent.slave().toFile())) {
        sent.master().close();
        slave.write("through the socket\n".getBytes(StandardCharsets.UTF_8));
        assertThat(PtyTest.readAtLeast(received, 20)).isEqualTo("through the socket\r\n");
      }
    }
    assertThat(dir.resolve("c.sock")).doesNotExist();
  }

  @Test
  void extraDescriptorsAreClosedAndTheFirstKept() throws Throwable {
    Pty.Opened first = Pty.open();
    Pty.Opened second = Pty.open();
    try (ConsoleSocket socket = ConsoleSocket.listen(dir.resolve("c.sock"))) {
      FdSender.send(socket.path(), "x", descriptorOf(first), descriptorOf(second));
      try (Pty received = socket.receivePty(Duration.ofSeconds(5), "first")) {
        received.resize(new WindowSize(5, 6));
        assertThat(first.master().size()).isEqualTo(new WindowSize(5, 6));
      }
    } finally {
      first.master().close();
      second.master().close();
    }
  }

  @Test
  void aMessageWithoutADescriptorIsAnError() throws Throwable {
    try (ConsoleSocket socket = ConsoleSocket.listen(dir.resolve("c.sock"))) {
      FdSender.send(socket.path(), "nothing attached");
      assertThatThrownBy(() -> socket.receive(Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no descriptor");
    }
  }

  @Test
  void noConnectionTimesOutNamingTheSocket() throws Exception {
    try (ConsoleSocket socket = ConsoleSocket.listen(dir.resolve("c.sock"))) {
      assertThatThrownBy(() -> socket.receive(Duration.ofMillis(50)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("c.sock")
          .hasMessageContaining("no connection from the runtime");
    }
  }

  @Test
  void aPathTooLongForSunPathIsRefused() throws IOException {
    Path deep = Files.createDirectories(dir.resolve("d".repeat(100)));
    assertThatThrownBy(() -> ConsoleSocket.listen(deep.resolve("console.sock")))
        .isInstanceOf(SysException.class)
        .hasMessageContaining("longer than 107 bytes");
  }

  private static int descriptorOf(Pty.Opened pty) {
    return pty.master().descriptor();
  }
}
