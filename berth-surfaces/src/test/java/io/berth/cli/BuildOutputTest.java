package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How berth build prints the classic builder's messages in each progress mode. */
class BuildOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID =
      "sha256:4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";

  private static final List<String> SUCCESS =
      List.of(
          "{\"stream\":\"Step 1/2 : FROM busybox\\n\"}",
          "{\"stream\":\" ---> Using cache\\n\"}",
          "{\"stream\":\"Step 2/2 : RUN make\\n\"}",
          "{\"stream\":\" ---> Cache miss: file app.py changed\\n\"}",
          "{\"stream\":\"compil\"}",
          "{\"stream\":\"ing\\ndone\\n\"}",
          "{\"aux\":{\"ID\":\"" + ID + "\"}}",
          "{\"stream\":\"Successfully built 4d5e6f7a8b9c\\n\"}",
          "{\"stream\":\"Successfully tagged x:1\\n\"}");

  private String render(BuildOutput.Mode mode, boolean explain, List<String> messages)
      throws Exception {
    StringWriter text = new StringWriter();
    long[] now = {0};
    BuildOutput output = new BuildOutput(mode, new PrintWriter(text), explain, () -> now[0] += 100);
    for (String m : messages) {
      output.accept(JSON.readTree(m));
    }
    output.finish();
    return text.toString();
  }

  @Test
  void ttyShowsOneLinePerStepWithItsStateAndTheOutputUnderIt() throws Exception {
    assertThat(render(BuildOutput.Mode.TTY, false, SUCCESS))
        .isEqualTo(
            "[1/2] FROM busybox  CACHED\n"
                + "[2/2] RUN make\n"
                + "    compiling\n"
                + "    done\n"
                + "  => done 0.1s\n"
                + "Successfully built 4d5e6f7a8b9c\n"
                + "Successfully tagged x:1\n"
                + "Build finished in 0.5s: 2 step(s), 1 from the cache\n");
  }

  @Test
  void plainPrefixesEveryLineWithItsStep() throws Exception {
    assertThat(render(BuildOutput.Mode.PLAIN, false, SUCCESS))
        .startsWith(
            "#1 [1/2] FROM busybox\n"
                + "#1 CACHED\n"
                + "#2 [2/2] RUN make\n"
                + "#2 cache miss: file app.py changed\n"
                + "#2 compiling\n"
                + "#2 done\n"
                + "#2 DONE 0.1s\n"
                + "Successfully built 4d5e6f7a8b9c\n");
  }

  @Test
  void quietPrintsTheIdAndExplainCacheTheMisses() throws Exception {
    assertThat(render(BuildOutput.Mode.QUIET, true, SUCCESS))
        .isEqualTo(ID + "\nCache misses:\n  [2/2] RUN make: file app.py changed\n");
  }

  @Test
  void rawjsonPrintsTheMessagesAsTheyCame() throws Exception {
    assertThat(render(BuildOutput.Mode.RAWJSON, false, SUCCESS).lines().toList())
        .hasSize(SUCCESS.size())
        .first()
        .isEqualTo("{\"stream\":\"Step 1/2 : FROM busybox\\n\"}");
  }

  @Test
  void anErrorMarksTheStepAndIsKept() throws Exception {
    StringWriter text = new StringWriter();
    BuildOutput output =
        new BuildOutput(BuildOutput.Mode.TTY, new PrintWriter(text), false, () -> 0);
    output.accept(JSON.readTree("{\"stream\":\"Step 1/1 : RUN false\\n\"}"));
    output.accept(
        JSON.readTree(
            "{\"errorDetail\":{\"message\":\"exit code: 1\"},\"error\":\"exit code: 1\"}"));
    output.finish();
    assertThat(text.toString()).isEqualTo("[1/1] RUN false  ERROR\n");
    assertThat(output.error()).contains("exit code: 1");
    assertThat(output.imageId()).isEmpty();
  }

  @Test
  void dockersOwnBookkeepingIsHiddenInTtyMode() throws Exception {
    String out =
        render(
            BuildOutput.Mode.TTY,
            false,
            List.of(
                "{\"stream\":\"Step 1/1 : RUN true\\n\"}",
                "{\"stream\":\" ---> Running in 1a2b3c4d5e6f\\n\"}",
                "{\"stream\":\" ---> 4d5e6f7a8b9c\\n\"}"));
    assertThat(out).isEqualTo("[1/1] RUN true  0.1s\n");
  }
}
