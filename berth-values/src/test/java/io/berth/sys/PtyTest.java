package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pseudo-terminal's master through the foreign function bindings, with a real slave. */
class PtyTest {

  @Test
  void whatTheSlaveWritesIsReadOnTheMasterWithTheTerminalsLineEndings() throws Exception {
    Pty.Opened pty = Pty.open();
    try (Pty master = pty.master();
        FileOutputStream slave = new FileOutputStream(pty.slave().toFile())) {
      slave.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
      assertThat(readAtLeast(master, 10)).isEqualTo("one\r\ntwo\r\n");
    }
  }

  @Test
  void whatIsWrittenOnTheMasterIsTypedInput() throws Exception {
    Pty.Opened pty = Pty.open();
    try (Pty master = pty.master();
        FileInputStream slave = new FileInputStream(pty.slave().toFile())) {
      master.write("typed\n".getBytes(StandardCharsets.UTF_8), 0, 6);
      byte[] line = new byte[64];
      int n = slave.read(line);
      assertThat(new String(line, 0, n, StandardCharsets.UTF_8)).isEqualTo("typed\n");
      assertThat(readAtLeast(master, 7)).as("the echo").isEqualTo("typed\r\n");
    }
  }

  @Test
  void resizeSetsTheWindowSize() throws Exception {
    try (Pty master = Pty.open().master()) {
      master.resize(new WindowSize(33, 77));
      assertThat(master.size()).isEqualTo(new WindowSize(33, 77));
    }
  }

  @Test
  void readEndsWhenTheLastSlaveIsClosed() throws Exception {
    Pty.Opened pty = Pty.open();
    try (Pty master = pty.master()) {
      FileOutputStream slave = new FileOutputStream(pty.slave().toFile());
      slave.write('x');
      slave.close();
      byte[] buffer = new byte[16];
      assertThat(master.read(buffer, 0, 16)).isEqualTo(1);
      assertThat(master.read(buffer, 0, 16)).isEqualTo(-1);
    }
  }

  @Test
  void closeWakesAWaitingReader() throws Exception {
    Pty.Opened pty = Pty.open();
    try (FileInputStream slave = new FileInputStream(pty.slave().toFile())) {
      Pty master = pty.master();
      CompletableFuture<Integer> read = new CompletableFuture<>();
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  read.complete(master.read(new byte[16], 0, 16));
                } catch (IOException e) {
                  read.completeExceptionally(e);
                }
              });
      Thread.sleep(100);
      assertThat(read).isNotDone();
      master.close();
      assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
      assertThat(master.isClosed()).isTrue();
      assertThatThrownBy(() -> master.write(new byte[] {1}, 0, 1))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void windowSizesOutsideAShortAreRefused() {
    assertThatThrownBy(() -> new WindowSize(-1, 80)).hasMessageContaining("-1x80");
    assertThatThrownBy(() -> new WindowSize(24, 70000)).hasMessageContaining("65535");
  }

  @Test
  void aDescriptorThatIsNotATerminalHasNoSize() {
    assertThat(Terminal.size(-1)).isEmpty();
    assertThat(Terminal.isTerminal(-1)).isFalse();
  }

  static String readAtLeast(Pty master, int count) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    while (out.size() < count) {
      int n = master.read(buffer, 0, buffer.length);
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
