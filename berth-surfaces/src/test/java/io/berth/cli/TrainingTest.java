package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AOT training run goes through every command without a daemon, quietly, and tidies up. */
class TrainingTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void runsEveryCommandPrintsNothingAndRemovesItsSocket() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true));
    try {
      Training.main(new String[0]);
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString()).isEmpty();
    try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("berth-aot-training"));
    }
  }

  @Test
  void theTrainingSocketAnswersARequestWithAnEmptyObject() throws Exception {
    try (TrainingSocket socket = TrainingSocket.open()) {
      var client =
          new io.berth.client.EngineClient(io.berth.client.DockerHost.parse(socket.host()));
      assertThat(client.ping().apiVersion()).isEqualTo("1.51");
      assertThat(client.get("/containers/json", java.util.Map.of()).isEmpty()).isTrue();
    }
  }
}
