package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The CLI's logging takes its level whether java.util.logging starts before or after. */
class LoggingTest {

  @Test
  void theLogManagerStartingLaterGetsTheLevelAndOneLineHandler() throws Exception {
    Logging.configure("debug");
    new Logging.Config(); // what the log manager does when it starts
    Logger root = Logger.getLogger("");
    assertThat(root.getLevel()).isEqualTo(Level.FINE);
    assertThat(List.of(root.getHandlers()))
        .singleElement()
        .isInstanceOf(Logging.StderrHandler.class)
        .extracting(h -> h.getLevel())
        .isEqualTo(Level.FINE);

    Logging.configure("error"); // once started, a new level applies at once
    assertThat(root.getLevel()).isEqualTo(Level.SEVERE);
    assertThat(root.getHandlers()).hasSize(1);
    Logging.configure("warn");
  }
}
