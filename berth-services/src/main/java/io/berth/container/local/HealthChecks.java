package io.berth.container.local;

import io.berth.container.Container;
import io.berth.container.ContainerState.Status;
import io.berth.container.ExecConfig;
import io.berth.container.Health;
import io.berth.oci.RunConfig.HealthConfig;
import io.berth.runtime.ContainerStartException;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeProcess;
import io.berth.runtime.Stdio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container's HEALTHCHECK as Docker does: every interval (the start interval during the
 * start period), each check an exec with a timeout; {@code retries} failures in a row make it
 * unhealthy, one success healthy; failures in the start period do not count.
 */
final class HealthChecks {

  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  private static final int DEFAULT_RETRIES = 3;
  private static final int MAX_OUTPUT = 4096;

  private final OciRuntime runtime;
  private final Bundles bundles;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final LocalContainerService service;

  HealthChecks(
      OciRuntime runtime,
      Bundles bundles,
      ScheduledExecutorService timers,
      Clock clock,
      LocalContainerService service) {
    this.runtime = runtime;
    this.bundles = bundles;
    this.timers = timers;
    this.clock = clock;
    this.service = service;
  }

  /** Schedules the first check of a container that just started, if it has a health check. */
  void schedule(Supervised s) {
    s.container().config().healthcheck().ifPresent(h -> next(s, h));
  }

  void cancel(Supervised s) {
    if (s.healthTimer != null) {
      s.healthTimer.cancel(false);
      s.healthTimer = null;
    }
  }

  private void next(Supervised s, HealthConfig h) {
    Duration delay =
        inStartPeriod(s, h) && !h.startInterval().isZero()
            ? h.startInterval()
            : orDefault(h.interval(), DEFAULT_INTERVAL);
    if (inStartPeriod(s, h) && h.startInterval().isZero() && !h.startPeriod().isZero()) {
      delay = min(orDefault(h.interval(), DEFAULT_INTERVAL), DEFAULT_START_INTERVAL);
    }
    s.healthTimer =
        timers.schedule(
            () -> Thread.ofVirtual().start(() -> check(s, h)),
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void check(Supervised s, HealthConfig h) {
    Container c = s.container();
    if (c.state().status() != Status.RUNNING) {
      return;
    }
    Instant start = clock.instant();
    Result r = run(c, h);
    s.lock.lock();
    try {
      Container now = s.container();
      if (now.state().status() != Status.RUNNING || now.state().health().isEmpty()) {
        return;
      }
      Health old = now.state().health().get();
      boolean ok = r.exitCode == 0;
      int streak = ok ? 0 : old.failingStreak() + 1;
      Health.Status status = old.status();
      if (ok) {
        status = Health.Status.HEALTHY;
      } else if (!inStartPeriod(s, h) || old.status() != Health.Status.STARTING) {
        int retries = h.retries() == 0 ? DEFAULT_RETRIES : h.retries();
        if (streak >= retries) {
          status = Health.Status.UNHEALTHY;
        }
      } else {
        streak = old.failingStreak();
      }
      List<Health.Check> log = new ArrayList<>(old.log());
      log.add(new Health.Check(start, clock.instant(), r.exitCode, r.output));
      while (log.size() > Health.LOG_SIZE) {
        log.removeFirst();
      }
      service.update(s, now.state().withHealth(new Health(status, streak, log)));
      if (status != old.status()) {
        service.emit("health_status: " + status.wire(), now, Map.of());
      }
      next(s, h);
    } finally {
      s.lock.unlock();
    }
  }

  private record Result(int exitCode, String output) {}

  private Result run(Container c, HealthConfig h) {
    List<String> test = h.test();
    List<String> cmd =
        switch (test.getFirst()) {
          case "CMD" -> test.subList(1, test.size());
          case "CMD-SHELL" ->
              List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
          default -> test;
        };
    if (cmd.isEmpty()) {
      return new Result(1, "empty health check command");
    }
    ExecConfig config =
        new ExecConfig(
            cmd,
            List.of(),
            "",
            "",
            false,
            false,
            true,
            true,
            io.berth.runtime.ConsoleSize.UNSET,
            io.berth.container.DetachKeys.DEFAULT,
            false);
    Duration timeout = orDefault(h.timeout(), DEFAULT_TIMEOUT);
    try {
      RuntimeProcess p =
          runtime.exec(
              c.id(),
              new Execs(runtime, bundles, (a, b, d, e) -> {}).process(c, config),
              Stdio.pipesWithoutStdin());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread o = Pipes.thread("health-stdout", () -> copy(p.stdout(), out));
      Thread e = Pipes.thread("health-stderr", () -> copy(p.stderr(), out));
      Integer code;
      try {
        code = p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException t) {
        p.close();
        return new Result(-1, "Health check exceeded timeout (" + timeout + ")");
      } catch (java.util.concurrent.ExecutionException x) {
        int failed = x.getCause() instanceof ContainerStartException cse ? cse.exitCode() : 1;
        return new Result(failed, String.valueOf(x.getCause().getMessage()));
      }
      o.join();
      e.join();
      p.close();
      String text;
      synchronized (out) {
        text = out.toString(StandardCharsets.UTF_8);
      }
      return new Result(code, text.length() > MAX_OUTPUT ? text.substring(0, MAX_OUTPUT) : text);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return new Result(1, "interrupted");
    } catch (RuntimeException x) {
      return new Result(1, String.valueOf(x.getMessage()));
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The pipe closed with the check.
    }
  }

  private boolean inStartPeriod(Supervised s, HealthConfig h) {
    return s.container()
        .state()
        .startedAt()
        .map(t -> Duration.between(t, clock.instant()).compareTo(h.startPeriod()) < 0)
        .orElse(false);
  }

  private static Duration orDefault(Duration d, Duration fallback) {
    return d.isZero() ? fallback : d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
