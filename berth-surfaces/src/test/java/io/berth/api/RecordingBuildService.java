package io.berth.api;

import io.berth.build.BuildRequest;
import io.berth.build.BuildResult;
import io.berth.build.BuildService;
import io.berth.errors.BerthException;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A test double of the build engine for the API's seam: it records each request and what its
 * context held, emits one step per Dockerfile line, fails when a line says {@code RUN false}, and
 * waits to be interrupted when a line says {@code RUN sleep}.
 */
public final class RecordingBuildService implements BuildService {
  public final List<BuildRequest> requests = new ArrayList<>();
  public final List<String> dockerfiles = new ArrayList<>();
  public final List<List<String>> contextFiles = new ArrayList<>();
  public final CountDownLatch interrupted = new CountDownLatch(1);
  public final CountDownLatch sleeping = new CountDownLatch(1);

  @Override
  public synchronized BuildResult build(BuildRequest request, EventSink events) {
    requests.add(request);
    if (request.remoteContext().isPresent()) {
      // a remote context is the engine's to fetch: nothing on disk to record
      return new BuildResult(
          Digest.sha256(request.remoteContext().get().getBytes(StandardCharsets.UTF_8)),
          request.tags(),
          0,
          0);
    }
    contextFiles.add(files(request));
    List<String> lines = lines(request.context().resolve(request.dockerfile()));
    dockerfiles.add(String.join("\n", lines));
    int n = 0;
    for (String line : lines) {
      n++;
      String id = "s" + n;
      events.accept(new Event.StepStarted(id, "[" + n + "/" + lines.size() + "] " + line));
      if (line.startsWith("RUN false")) {
        events.accept(new Event.Output(id, 2, "about to fail\n".getBytes(StandardCharsets.UTF_8)));
        throw BerthException.invalid(
            "The command '/bin/sh -c false' returned a non-zero code: 1 (Dockerfile:%d)", n);
      }
      if (line.startsWith("RUN sleep")) {
        sleeping.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw BerthException.unavailable("build interrupted: the client went away");
        }
      }
      if (line.startsWith("RUN")) {
        events.accept(new Event.StepCacheMiss(id, "no cache record"));
        events.accept(
            new Event.Output(id, 1, ("ran " + n + "\n").getBytes(StandardCharsets.UTF_8)));
      } else {
        events.accept(new Event.StepCached(id));
      }
      events.accept(new Event.StepFinished(id, 5, true));
    }
    Digest image = Digest.sha256(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    return new BuildResult(image, request.tags(), n, 0);
  }

  /** What the engine may see of the context: for one read in place, what the ignore file keeps. */
  private static List<String> files(BuildRequest request) {
    Path context = request.context();
    try (var walk = Files.walk(context)) {
      return walk.filter(p -> !p.equals(context))
          .map(p -> context.relativize(p).toString())
          .filter(
              rel ->
                  rel.equals(request.dockerfile())
                      || rel.equals(".dockerignore")
                      || !request.contextIgnore().excludes(rel))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path dockerfile) {
    if (!Files.isRegularFile(dockerfile)) {
      throw BerthException.notFound("Dockerfile %s: no such file in the context", dockerfile);
    }
    try {
      return Files.readAllLines(dockerfile).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
