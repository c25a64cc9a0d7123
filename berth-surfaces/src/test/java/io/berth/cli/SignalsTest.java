package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signal handlers through the JDK's sun.misc.Signal, as the CLI's SIGWINCH and --sig-proxy use. */
class SignalsTest {

  @Test
  void aHandledSignalRunsTheHandlerUntilClosed() throws Exception {
    CountDownLatch got = new CountDownLatch(2);
    Optional<AutoCloseable> handler = Signals.handle("WINCH", got::countDown);
    assertThat(handler).isPresent();
    try (AutoCloseable h = handler.get()) {
      signalMyself("WINCH");
      signalMyself("WINCH");
      assertThat(got.await(10, TimeUnit.SECONDS)).as("both signals handled").isTrue();
    }
    // SIGWINCH's default action is to ignore it: after close, a signal must change nothing.
    signalMyself("WINCH");
  }

  @Test
  void aSignalTheJvmKeepsCannotBeHandled() {
    assertThat(Signals.handle("QUIT", () -> {})).isEmpty();
    assertThat(Signals.handle("NOSUCH", () -> {})).isEmpty();
  }

  @Test
  void theForwardedSignalsCanAllBeHandled() throws Exception {
    for (String name : SignalProxy.SIGNALS) {
      Optional<AutoCloseable> h = Signals.handle(name, () -> {});
      assertThat(h).as(name).isPresent();
      h.get().close();
    }
  }

  private static void signalMyself(String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).isZero();
  }
}
