package io.berth.container;

import java.io.IOException;

/**
 * Where an attached client or a log reader receives a container's output, one chunk at a time from
 * one stream; called from one thread per stream, so implementations synchronise.
 */
@FunctionalInterface
public interface OutputSink {
  void write(StdStream stream, byte[] bytes, int offset, int length) throws IOException;
}
