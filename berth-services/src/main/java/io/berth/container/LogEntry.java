package io.berth.container;

import java.time.Instant;

/** One line (or partial line) of a container's log: its stream, when, and its bytes. */
public record LogEntry(StdStream stream, Instant time, byte[] bytes) {}
