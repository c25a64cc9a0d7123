package io.berth.image;

/** Where the image service publishes {@link ImageEvent}s; must be safe from any thread. */
@FunctionalInterface
public interface ImageEvents {

  /** Drops every event. */
  ImageEvents NONE = event -> {};

  void publish(ImageEvent event);
}
