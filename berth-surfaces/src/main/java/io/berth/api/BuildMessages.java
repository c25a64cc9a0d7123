package io.berth.api;

import io.berth.api.wire.JsonMessage;
import io.berth.build.BuildResult;
import io.berth.event.Event;
import io.berth.event.EventSink;
import io.berth.oci.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a build's events into the classic builder's JSON messages, as the docker CLI prints them:
 * {@code Step 2/5 : RUN make}, {@code ---> Using cache}, the RUN output as it comes, then the image
 * ID and {@code Successfully built}/{@code Successfully tagged}. Cache misses add a line of berth's
 * own, {@code ---> Cache miss: why}. Thread-safe: steps of parallel stages may report at once.
 */
final class BuildMessages implements EventSink {
  /** Where the messages go; an IOException means the client went away. */
  @FunctionalInterface
  interface Out {
    void send(JsonMessage message) throws IOException;
  }

  /** A step label as the engine gives it: {@code [2/5] RUN make}, {@code [build 1/3] FROM x}. */
  private static final Pattern LABEL = Pattern.compile("^\\[(?:[^\\]]*? )?(\\d+/\\d+)\\] (.*)$");

  private final Out out;
  private final boolean quiet;
  private final Runnable onClientGone;
  private boolean gone;
  private final Map<String, byte[]> partial = new HashMap<>();
  private int steps;

  /** Messages to {@code out}; {@code onClientGone} runs once when the client stops reading. */
  BuildMessages(Out out, boolean quiet, Runnable onClientGone) {
    this.out = out;
    this.quiet = quiet;
    this.onClientGone = onClientGone;
  }

  @Override
  public synchronized void accept(Event event) {
    if (quiet) {
      return;
    }
    switch (event) {
      case Event.StepStarted s -> stream("Step " + stepLine(s.name()) + "\n");
      case Event.StepCached c -> stream(" ---> Using cache\n");
      case Event.StepCacheMiss m -> stream(" ---> Cache miss: " + m.reason() + "\n");
      case Event.StepFinished f -> flushPartial(f.id());
      case Event.Output o -> output(o);
      case Event.Status s -> stream(s.message() + "\n");
      case Event.Warning w -> stream("[Warning] " + w.message() + "\n");
      case Event.Progress p ->
          send(
              JsonMessage.status(
                  p.id(),
                  p.action(),
                  new JsonMessage.ProgressDetail(p.current(), p.total() < 0 ? null : p.total())));
    }
  }

  /** {@code 2/5 : RUN make} from the engine's label, numbering steps itself when it must. */
  private String stepLine(String label) {
    steps++;
    Matcher m = LABEL.matcher(label);
    if (m.matches()) {
      return m.group(1) + " : " + m.group(2);
    }
    return steps + " : " + label;
  }

  /** RUN output, decoded as UTF-8 without splitting a character across two messages. */
  private void output(Event.Output o) {
    String key = o.id() + "/" + o.stream();
    byte[] carried = partial.remove(key);
    byte[] bytes = o.bytes();
    if (carried != null) {
      byte[] joined = new byte[carried.length + bytes.length];
      System.arraycopy(carried, 0, joined, 0, carried.length);
      System.arraycopy(bytes, 0, joined, carried.length, bytes.length);
      bytes = joined;
    }
    int complete = completeUtf8(bytes);
    if (complete < bytes.length) {
      byte[] rest = new byte[bytes.length - complete];
      System.arraycopy(bytes, complete, rest, 0, rest.length);
      partial.put(key, rest);
    }
    if (complete > 0) {
      stream(new String(bytes, 0, complete, StandardCharsets.UTF_8));
    }
  }

  private void flushPartial(String id) {
    for (int stream = 1; stream <= 2; stream++) {
      byte[] rest = partial.remove(id + "/" + stream);
      if (rest != null) {
        stream(new String(rest, StandardCharsets.UTF_8));
      }
    }
  }

  /** The length of the longest prefix of {@code bytes} that ends on a character boundary. */
  static int completeUtf8(byte[] bytes) {
    int n = bytes.length;
    // look back over at most three continuation bytes for the start of the last character
    for (int i = n - 1; i >= 0 && i >= n - 4; i--) {
      int b = bytes[i] & 0xff;
      if ((b & 0xc0) == 0x80) {
        continue; // a continuation byte
      }
      int length = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : 4;
      return i + length <= n ? n : i;
    }
    return n;
  }

  /** The end of a build that made {@code result}. */
  synchronized void finished(BuildResult result) {
    send(JsonMessage.aux(Map.of("ID", result.imageId().toString())));
    if (quiet) {
      stream(result.imageId() + "\n");
      return;
    }
    stream("Successfully built " + result.imageId().shortHex() + "\n");
    for (ImageReference tag : result.tags()) {
      stream("Successfully tagged " + tag.familiarString() + "\n");
    }
  }

  /** The end of a build that failed with {@code message}. */
  synchronized void failed(String message) {
    for (String key : java.util.List.copyOf(partial.keySet())) {
      flushPartial(key.substring(0, key.lastIndexOf('/')));
    }
    send(JsonMessage.error(message));
  }

  private void stream(String text) {
    send(JsonMessage.stream(text));
  }

  private void send(JsonMessage message) {
    if (gone) {
      return;
    }
    try {
      out.send(message);
    } catch (IOException e) {
      gone = true;
      onClientGone.run();
    }
  }
}
