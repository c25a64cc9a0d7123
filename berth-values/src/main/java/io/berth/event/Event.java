package io.berth.event;

/**
 * Something a long operation wants its caller to know: progress, output, a warning. Library code
 * never logs; it hands events to an {@link EventSink} the caller supplies.
 */
public sealed interface Event {

  /** A free-form status line, such as "Loaded image: busybox:latest". */
  record Status(String message) implements Event {}

  /** A condition the user should hear about that did not stop the operation. */
  record Warning(String message) implements Event {}

  /** A build step began; {@code id} is unique within one build, {@code name} reads as typed. */
  record StepStarted(String id, String name) implements Event {}

  /** A build step was answered from the cache. */
  record StepCached(String id) implements Event {}

  /** Why a build step could not be answered from the cache. */
  record StepCacheMiss(String id, String reason) implements Event {}

  /** A build step ended, successfully or not, after {@code millis}. */
  record StepFinished(String id, long millis, boolean ok) implements Event {}

  /** Output of a process run for a step: {@code stream} is 1 for stdout, 2 for stderr. */
  record Output(String id, int stream, byte[] bytes) implements Event {}

  /** Bytes moved for one item (a blob, a layer): {@code total} is -1 when unknown. */
  record Progress(String id, String action, long current, long total) implements Event {}
}
