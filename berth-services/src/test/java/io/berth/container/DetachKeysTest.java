package io.berth.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.errors.BerthException;
import io.berth.errors.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's detach-key syntax, and spotting the keys in a terminal's input. */
class DetachKeysTest {

  @Test
  void keysParseAsDockerWritesThem() {
    assertThat(DetachKeys.parse("").bytes()).containsExactly(16, 17);
    assertThat(DetachKeys.parse(null)).isEqualTo(DetachKeys.DEFAULT);
    assertThat(DetachKeys.parse("ctrl-a,x").bytes()).containsExactly(1, 'x');
    assertThat(DetachKeys.parse("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_").bytes())
        .containsExactly(0, 27, 28, 29, 30, 31);
    assertThat(DetachKeys.parse("CTRL-Z").bytes()).containsExactly(26);
  }

  @Test
  void unknownKeysAreRefusedNamingThem() {
    for (String bad : List.of("ctrl-1", "ab", "ctrl-p,", "ctrl-")) {
      assertThatThrownBy(() -> DetachKeys.parse(bad))
          .isInstanceOfSatisfying(
              BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
          .hasMessageStartingWith("Invalid detach keys (" + bad + ") provided");
    }
  }

  @Test
  void theKeysTypedOneByOneOrTogetherDetach() {
    assertThatThrownBy(() -> copy(DetachKeys.DEFAULT, "ls\r", "\u0010", "\u0011", "never"))
        .isInstanceOf(DetachKeys.Detached.class)
        .hasMessage("read escape sequence");
    assertThatThrownBy(() -> copy(DetachKeys.DEFAULT, "\u0010\u0011"))
        .isInstanceOf(DetachKeys.Detached.class);
  }

  @Test
  void whatPrecedesTheKeysIsPassedOnFirst() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = DetachKeys.DEFAULT.watch(chunks("echo hi\r", "\u0010", "\u0011"));
    byte[] buffer = new byte[64];
    int n = in.read(buffer);
    out.write(buffer, 0, n);
    assertThat(out.toString()).isEqualTo("echo hi\r");
    assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(DetachKeys.Detached.class);
  }

  @Test
  void aStartThatGoesNowhereIsPassedOnInOrder() throws IOException {
    assertThat(copy(DetachKeys.DEFAULT, "\u0010", "x", "y")).isEqualTo("\u0010xy");
    assertThat(copy(DetachKeys.DEFAULT, "\u0010", "\u0010\u0011z"))
        .isEqualTo("\u0010\u0010\u0011z");
    assertThat(copy(DetachKeys.DEFAULT, "\u0010")).isEqualTo("\u0010");
  }

  @Test
  void theKeysInsideOtherInputPass() throws IOException {
    assertThat(copy(DetachKeys.DEFAULT, "paste \u0010\u0011 here"))
        .isEqualTo("paste \u0010\u0011 here");
  }

  private static String copy(DetachKeys keys, String... reads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    keys.watch(chunks(reads)).transferTo(out);
    return out.toString();
  }

  /** A stream whose reads return exactly the given chunks, as keystrokes arrive. */
  private static InputStream chunks(String... reads) {
    Deque<byte[]> queue = new ArrayDeque<>();
    for (String r : reads) {
      queue.add(r.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return new InputStream() {
      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        byte[] next = queue.poll();
        if (next == null) {
          return -1;
        }
        System.arraycopy(next, 0, b, off, next.length);
        return next.length;
      }
    };
  }
}
