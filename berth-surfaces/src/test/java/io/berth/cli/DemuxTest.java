package io.berth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

/** Docker's multiplexed stream split back onto stdout and stderr. */
class DemuxTest {
  private static byte[] frames(Object... streamAndText) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < streamAndText.length; i += 2) {
      byte[] payload = ((String) streamAndText[i + 1]).getBytes(UTF_8);
      out.write(Demux.header((Integer) streamAndText[i], payload.length));
      out.write(payload);
    }
    return out.toByteArray();
  }

  @Test
  void framesGoToTheirStreams() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long n =
        Demux.copy(
            new ByteArrayInputStream(frames(1, "hi\n", 2, "oops\n", 1, "", 1, "there\n")),
            out,
            err);
    assertThat(out.toString(UTF_8)).isEqualTo("hi\nthere\n");
    assertThat(err.toString(UTF_8)).isEqualTo("oops\n");
    assertThat(n).isEqualTo(14);
  }

  @Test
  void aLargeFrameIsCopiedWhole() throws Exception {
    String big = "x".repeat(100_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Demux.copy(new ByteArrayInputStream(frames(1, big)), out, new ByteArrayOutputStream());
    assertThat(out.size()).isEqualTo(100_000);
  }

  @Test
  void aTruncatedFrameIsAnError() throws Exception {
    byte[] whole = frames(1, "hello");
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
    assertThatThrownBy(
            () ->
                Demux.copy(
                    new ByteArrayInputStream(cut),
                    new ByteArrayOutputStream(),
                    new ByteArrayOutputStream()))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("inside a frame of 5 bytes");
  }
}
