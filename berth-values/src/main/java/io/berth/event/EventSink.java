package io.berth.event;

/** Where events go. Implementations must be safe to call from several threads at once. */
@FunctionalInterface
public interface EventSink {

  /** A sink that drops every event. */
  EventSink NONE = event -> {};

  void accept(Event event);
}
