package io.berth.container.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.container.LogEntry;
import io.berth.container.StdStream;
import io.berth.errors.BerthException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A container's log in Docker's json-file format, one JSON object per line ({@code
 * {"log":"hi\n","stream":"stdout","time":"…Z"}}), rotated into {@code .1}, {@code .2}… when the
 * current file would pass its maximum size. Thread-safe: writers and readers share one lock, so a
 * follower reads what is on disk and then every later entry, without a gap or a repeat.
 */
final class JsonFileLog implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path path;
  private final long maxSize;
  private final int maxFile;
  private final Clock clock;
  private final List<Consumer<LogEntry>> followers = new CopyOnWriteArrayList<>();
  private OutputStream out;
  private long size;

  JsonFileLog(Path path, long maxSize, int maxFile, Clock clock) {
    this.path = path;
    this.maxSize = maxSize;
    this.maxFile = maxFile;
    this.clock = clock;
  }

  /** Appends one entry (a line with its newline, or a partial line). */
  synchronized void write(StdStream stream, byte[] bytes) {
    LogEntry entry = new LogEntry(stream, clock.instant(), bytes);
    byte[] line = encode(entry);
    try {
      if (out == null) {
        out = open();
      }
      if (maxSize > 0 && size > 0 && size + line.length > maxSize) {
        rotate();
      }
      out.write(line);
      out.flush();
      size += line.length;
    } catch (IOException e) {
      throw BerthException.internal("writing the container log " + path, e);
    }
    followers.forEach(f -> f.accept(entry));
  }

  /**
   * Reads every entry on disk, oldest first, into {@code reader}, then registers {@code follower}
   * (when given) for every later entry, all under the lock; returns the handle that unregisters.
   */
  synchronized Runnable readAndFollow(Consumer<LogEntry> reader, Consumer<LogEntry> follower) {
    for (int i = maxFile - 1; i >= 1; i--) {
      readFile(rotated(i), reader);
    }
    readFile(path, reader);
    if (follower == null) {
      return () -> {};
    }
    followers.add(follower);
    return () -> followers.remove(follower);
  }

  /** Closes the current file; a later write opens it again. */
  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // The entries were flushed after each write; nothing is lost.
      }
      out = null;
    }
  }

  /** The entries of the files at {@code path} and its rotations, oldest first. */
  static List<LogEntry> readAll(Path path, int maxFile) {
    JsonFileLog log = new JsonFileLog(path, -1, maxFile, Clock.systemUTC());
    List<LogEntry> entries = new ArrayList<>();
    log.readAndFollow(entries::add, null);
    return entries;
  }

  private OutputStream open() throws IOException {
    Files.createDirectories(path.getParent());
    size = Files.exists(path) ? Files.size(path) : 0;
    return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void rotate() throws IOException {
    out.close();
    if (maxFile <= 1) {
      Files.deleteIfExists(path);
    } else {
      Files.deleteIfExists(rotated(maxFile - 1));
      for (int i = maxFile - 2; i >= 1; i--) {
        if (Files.exists(rotated(i))) {
          Files.move(rotated(i), rotated(i + 1));
        }
      }
      Files.move(path, rotated(1));
    }
    out = open();
  }

  private Path rotated(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  private static void readFile(Path file, Consumer<LogEntry> reader) {
    if (!Files.exists(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          decode(line).ifPresent(reader);
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("reading the container log " + file, e);
    }
  }

  static byte[] encode(LogEntry entry) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("log", new String(entry.bytes(), StandardCharsets.UTF_8));
    node.put("stream", entry.stream().wire());
    node.put("time", entry.time().toString());
    try {
      byte[] json = MAPPER.writeValueAsBytes(node);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw BerthException.internal("encoding a log entry", e);
    }
  }

  static java.util.Optional<LogEntry> decode(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      StdStream stream =
          node.path("stream").asText().equals("stderr") ? StdStream.STDERR : StdStream.STDOUT;
      return java.util.Optional.of(
          new LogEntry(
              stream,
              Instant.parse(node.path("time").asText()),
              node.path("log").asText().getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      // A line cut by a crash mid-write is skipped, as Docker's reader does.
      return java.util.Optional.empty();
    }
  }
}
