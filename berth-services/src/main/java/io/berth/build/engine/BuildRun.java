package io.berth.build.engine;

import io.berth.build.BuildRequest;
import io.berth.dockerfile.Dockerfile;
import io.berth.dockerfile.ShellWordExpander;
import io.berth.dockerfile.SourceRange;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One build in progress: the plan, the services, the events, and the stages the target needs, each
 * run on its own virtual thread as soon as the stages it reads from are done. Interrupting the
 * calling thread interrupts every stage, which stop their containers and remove their snapshots.
 */
final class BuildRun {

  final LocalBuildService service;
  final BuildRequest request;
  final EventSink events;
  final BuildPlan plan;
  final BuildArgs args;
  final ShellWordExpander expander;
  final StepCache cache;
  final ContextHashCache contextHashes;
  final ContextFilter contextFilter;
  final InlineCache cacheFrom;
  final Path context;
  final Path work;
  final Instant started;
  final Platform platform;
  private final List<String> lines;
  private final AtomicInteger ids = new AtomicInteger();
  final AtomicInteger steps = new AtomicInteger();
  final AtomicInteger cachedSteps = new AtomicInteger();
  private final Map<Integer, CompletableFuture<StageResult>> stages = new HashMap<>();

  BuildRun(
      LocalBuildService service,
      BuildRequest request,
      EventSink events,
      Dockerfile dockerfile,
      byte[] dockerfileBytes,
      BuildArgs args,
      Platform platform) {
    this.service = service;
    this.request = request;
    this.events = events;
    this.args = args;
    this.platform = platform;
    this.plan = BuildPlan.of(dockerfile, args, request.target());
    this.expander = new ShellWordExpander(dockerfile.directives().escape());
    this.cache = service.stepCache();
    this.lines = List.of(new String(dockerfileBytes, StandardCharsets.UTF_8).split("\r?\n", -1));
    this.started = service.clock().instant();
    try {
      this.context = request.context().toRealPath();
      this.work = Files.createDirectories(service.root().resolve("work").resolve(shortId()));
    } catch (IOException e) {
      throw BerthException.invalid("build context %s: %s", request.context(), e.getMessage());
    }
    this.contextHashes = service.contextHashes(context, request.knownDigests());
    this.contextFilter = ContextFilter.of(request.contextIgnore(), context, request.dockerfile());
    this.cacheFrom = InlineCache.of(service.images(), request.cacheFrom(), events);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A new step ID, unique within the build. */
  String nextId() {
    return "#" + ids.incrementAndGet();
  }

  /** When a step made now says it was made: {@code SOURCE_DATE_EPOCH} when given. */
  Instant created() {
    return request
        .sourceDateEpoch()
        .map(Instant::ofEpochSecond)
        .orElseGet(service.clock()::instant);
  }

  /** The Dockerfile text of {@code range}, as written. */
  String text(SourceRange range) {
    int from = Math.max(0, range.startLine() - 1);
    int to = Math.min(lines.size(), range.endLine());
    return String.join("\n", lines.subList(from, Math.max(from, to))).strip();
  }

  /**
   * The name under which this build's steps remember what they saw, for explaining misses: the
   * repository of the first tag (not the tag: {@code app:1.1} is the next build of {@code
   * app:1.0}), or for an untagged build the Dockerfile's name alone, since a context sent through
   * {@code POST /build} lands in a new directory every time.
   */
  String position(int stage, int step) {
    String project = request.tags().isEmpty() ? "untagged" : request.tags().getFirst().repository();
    return Keys.of(project, request.dockerfile(), stage, step);
  }

  void emit(Event event) {
    events.accept(event);
  }

  /** The result of stage {@code index}, waiting for it if it still runs. */
  StageResult stage(int index) {
    CompletableFuture<StageResult> future = stages.get(index);
    if (future == null) {
      throw new IllegalStateException("stage " + index + " is not part of this build");
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  static BerthException interrupted() {
    return BerthException.unavailable("the build was interrupted");
  }

  /** Runs the stages the target needs, independent ones in parallel; returns the target's. */
  StageResult execute() {
    for (int index : plan.needed()) {
      stages.put(index, new CompletableFuture<>());
    }
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int index : plan.needed()) {
        CompletableFuture<StageResult> future = stages.get(index);
        pool.submit(
            () -> {
              try {
                future.complete(new StageBuilder(this, plan.stages().get(index)).run());
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
            });
      }
      return awaitAll(pool);
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
      FileOps.deleteTree(work);
      contextHashes.save();
    }
  }

  private StageResult awaitAll(ExecutorService pool) {
    CompletableFuture<?> all =
        CompletableFuture.allOf(stages.values().toArray(CompletableFuture[]::new));
    CompletableFuture<Object> firstFailure = new CompletableFuture<>();
    stages
        .values()
        .forEach(
            f ->
                f.whenComplete(
                    (r, t) -> {
                      if (t != null) {
                        firstFailure.completeExceptionally(t);
                      }
                    }));
    try {
      CompletableFuture.anyOf(all, firstFailure).get();
      return stages.get(plan.target()).get();
    } catch (InterruptedException e) {
      pool.shutdownNow();
      awaitQuietly(pool);
      Thread.currentThread().interrupt();
      throw interrupted();
    } catch (ExecutionException e) {
      pool.shutdownNow();
      awaitQuietly(pool);
      throw unwrap(e);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(60, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static BerthException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof BerthException b) {
      return b;
    }
    return BerthException.internal("build failed: " + cause, cause);
  }

  Optional<Long> sourceDateEpoch() {
    return request.sourceDateEpoch();
  }
}
