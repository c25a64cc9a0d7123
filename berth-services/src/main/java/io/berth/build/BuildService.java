package io.berth.build;

import io.berth.event.EventSink;

/**
 * Turns a Dockerfile and its context into an image in the local store, step by step, answering
 * steps from the build cache where their inputs are unchanged.
 *
 * <p>Progress goes to the sink as {@link io.berth.event.Event}s: {@code StepStarted} for each step
 * with its label ({@code [stage 2/3] RUN make}), {@code StepCached} or {@code StepCacheMiss} (with
 * the reason: which file, argument or parent changed), {@code Output} for what a RUN step prints,
 * never clipped, and {@code StepFinished}. A Dockerfile error fails the build before any step runs,
 * with the file, line and column in the message.
 *
 * <p>Lifecycle: made once by the daemon; builds may run at once, from any thread, and share layers.
 * A build whose thread is interrupted (the client went away) stops its containers, tags nothing and
 * leaves the store whole.
 */
public interface BuildService {

  /** Runs {@code request} to the end and returns what it made; errors are BerthExceptions. */
  BuildResult build(BuildRequest request, EventSink events);
}
