package io.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.build.BuildResult;
import io.berth.event.Event;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic builder's JSON messages, byte for byte as the docker CLI reads them. */
class BuildMessagesTest {
  private static final Digest ID =
      Digest.parse("sha256:4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e");

  private final List<String> lines = new ArrayList<>();

  private BuildMessages messages(boolean quiet) {
    return new BuildMessages(m -> lines.add(Json.MAPPER.writeValueAsString(m)), quiet, () -> {});
  }

  @Test
  void rendersStepsCacheStatesOutputAndTheSummary() {
    BuildMessages m = messages(false);
    m.accept(new Event.StepStarted("s1", "[1/3] FROM busybox"));
    m.accept(new Event.StepCached("s1"));
    m.accept(new Event.StepFinished("s1", 3, true));
    m.accept(new Event.StepStarted("s2", "[build 2/3] RUN make"));
    m.accept(new Event.StepCacheMiss("s2", "file app.py changed"));
    m.accept(new Event.Output("s2", 1, "compiling\n".getBytes(StandardCharsets.UTF_8)));
    m.accept(new Event.StepFinished("s2", 1200, true));
    m.accept(new Event.StepStarted("s3", "LABEL a=b"));
    m.accept(new Event.Warning("empty continuation line"));
    m.finished(new BuildResult(ID, List.of(ImageReference.parse("mon_image:1.0")), 3, 1));
    assertThat(lines)
        .containsExactly(
            "{\"stream\":\"Step 1/3 : FROM busybox\\n\"}",
            "{\"stream\":\" ---> Using cache\\n\"}",
            "{\"stream\":\"Step 2/3 : RUN make\\n\"}",
            "{\"stream\":\" ---> Cache miss: file app.py changed\\n\"}",
            "{\"stream\":\"compiling\\n\"}",
            "{\"stream\":\"Step 3 : LABEL a=b\\n\"}",
            "{\"stream\":\"[Warning] empty continuation line\\n\"}",
            "{\"aux\":{\"ID\":\"" + ID + "\"}}",
            "{\"stream\":\"Successfully built 4d5e6f7a8b9c\\n\"}",
            "{\"stream\":\"Successfully tagged mon_image:1.0\\n\"}");
  }

  @Test
  void quietSendsOnlyTheImageId() {
    BuildMessages m = messages(true);
    m.accept(new Event.StepStarted("s1", "[1/1] FROM busybox"));
    m.accept(new Event.Output("s1", 1, "x\n".getBytes(StandardCharsets.UTF_8)));
    m.finished(new BuildResult(ID, List.of(), 1, 0));
    assertThat(lines)
        .containsExactly("{\"aux\":{\"ID\":\"" + ID + "\"}}", "{\"stream\":\"" + ID + "\\n\"}");
  }

  @Test
  void anErrorIsDockersErrorDetail() {
    messages(false).failed("RUN false: exit code 1");
    assertThat(lines)
        .containsExactly(
            "{\"errorDetail\":{\"message\":\"RUN false: exit code 1\"},"
                + "\"error\":\"RUN false: exit code 1\"}");
  }

  @Test
  void neverSplitsACharacterAcrossMessagesNorLosesOutput() {
    BuildMessages m = messages(false);
    byte[] euro = "€€".getBytes(StandardCharsets.UTF_8); // 6 bytes
    m.accept(new Event.Output("s", 1, java.util.Arrays.copyOfRange(euro, 0, 4)));
    m.accept(new Event.Output("s", 1, java.util.Arrays.copyOfRange(euro, 4, 6)));
    m.accept(new Event.Output("s", 2, new byte[] {(byte) 0xe2, (byte) 0x82}));
    m.accept(new Event.StepFinished("s", 1, false));
    assertThat(lines)
        .containsExactly("{\"stream\":\"€\"}", "{\"stream\":\"€\"}", "{\"stream\":\"\uFFFD\"}");
  }

  @Test
  void completeUtf8FindsTheLastBoundary() {
    assertThat(BuildMessages.completeUtf8("ab".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(BuildMessages.completeUtf8(new byte[] {'a', (byte) 0xe2, (byte) 0x82})).isEqualTo(1);
    assertThat(BuildMessages.completeUtf8(new byte[] {(byte) 0xe2, (byte) 0x82, (byte) 0xac}))
        .isEqualTo(3);
  }

  @Test
  void aClientThatStopsReadingIsToldOnceAndSentNothingMore() {
    int[] gone = new int[1];
    int[] sent = new int[1];
    BuildMessages m =
        new BuildMessages(
            msg -> {
              sent[0]++;
              throw new IOException("broken pipe");
            },
            false,
            () -> gone[0]++);
    m.accept(new Event.Status("a"));
    m.accept(new Event.Status("b"));
    assertThat(gone[0]).isEqualTo(1);
    assertThat(sent[0]).isEqualTo(1);
  }
}
