package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the classic builder's JSON messages as {@code berth build} shows them: in {@code tty} mode
 * one line per step with its cache state and time and the RUN output under it; in {@code plain}
 * mode every line prefixed with its step ({@code #2 [2/5] RUN make}); in {@code quiet} mode nothing
 * but the image ID at the end; in {@code rawjson} mode the messages as they came. It reads what any
 * classic daemon sends, Docker's included. Used by one thread.
 */
final class BuildOutput {
  /** How progress is shown. */
  enum Mode {
    TTY,
    PLAIN,
    QUIET,
    RAWJSON;

    static Mode parse(String text) {
      return Mode.valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  private static final Pattern STEP = Pattern.compile("^Step (\\d+(?:/\\d+)?) : (.*)$");
  private static final Pattern DOCKER_ID = Pattern.compile("^ ---> [0-9a-f]{12}$");

  private final Mode mode;
  private final PrintWriter out;
  private final boolean explainCache;
  private final LongSupplier clock;
  private final long started;
  private final StringBuilder pending = new StringBuilder();
  private final List<String> misses = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();
  private Optional<String> imageId = Optional.empty();
  private Optional<String> error = Optional.empty();
  private int steps;
  private int cached;
  private String step = "";
  private long stepStarted;
  private boolean stepCached;
  private boolean headerOpen;

  BuildOutput(Mode mode, PrintWriter out, boolean explainCache, LongSupplier millis) {
    this.mode = mode;
    this.out = out;
    this.explainCache = explainCache;
    this.clock = millis;
    this.started = millis.getAsLong();
  }

  /** Takes one message of the stream. */
  void accept(JsonNode message) {
    if (mode == Mode.RAWJSON) {
      out.println(message.toString());
      out.flush();
    }
    if (message.hasNonNull("aux") && message.get("aux").hasNonNull("ID")) {
      imageId = Optional.of(message.get("aux").get("ID").asText());
    }
    if (message.hasNonNull("error")) {
      String text =
          message.path("errorDetail").hasNonNull("message")
              ? message.get("errorDetail").get("message").asText()
              : message.get("error").asText();
      flushPending();
      endStep(false);
      error = Optional.of(text);
      return;
    }
    if (message.hasNonNull("stream")) {
      pending.append(message.get("stream").asText());
      for (int nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        String line = pending.substring(0, nl);
        pending.delete(0, nl + 1);
        line(line);
      }
    } else if (message.hasNonNull("status")) {
      status(message);
    }
  }

  /** The image ID the daemon reported, once it has. */
  Optional<String> imageId() {
    return imageId;
  }

  /** The error that ended the build, if one did. */
  Optional<String> error() {
    return error;
  }

  /** Prints what is left at the end of the stream: the last step's time and the summary. */
  void finish() {
    flushPending();
    endStep(true);
    if (mode == Mode.QUIET) {
      imageId.ifPresent(out::println);
    } else if (mode != Mode.RAWJSON) {
      summary.forEach(out::println);
      if (error.isEmpty() && imageId.isPresent()) {
        out.printf(
            "Build finished in %s: %d step(s), %d from the cache%n",
            seconds(clock.getAsLong() - started), steps, cached);
      }
    }
    if (explainCache && mode != Mode.RAWJSON) {
      explain();
    }
    out.flush();
  }

  private void line(String line) {
    Matcher m = STEP.matcher(line);
    if (m.matches()) {
      endStep(true);
      startStep("[" + m.group(1) + "] " + m.group(2));
    } else if (line.equals(" ---> Using cache")) {
      stepCached = true;
      cached++;
      if (mode == Mode.PLAIN) {
        print("CACHED");
      }
    } else if (line.startsWith(" ---> Cache miss: ")) {
      String reason = line.substring(" ---> Cache miss: ".length());
      misses.add(step + ": " + reason);
      if (mode == Mode.PLAIN) {
        print("cache miss: " + reason);
      }
    } else if (line.startsWith("Successfully built ") || line.startsWith("Successfully tagged ")) {
      summary.add(line);
    } else if (isDockerChatter(line)) {
      if (mode == Mode.PLAIN) {
        print(line.strip());
      }
    } else {
      output(line);
    }
  }

  /** Docker's own step bookkeeping, which berth's tty mode replaces with times and marks. */
  private static boolean isDockerChatter(String line) {
    return line.startsWith(" ---> Running in ")
        || line.startsWith("Removing intermediate container ")
        || line.startsWith(" ---> Removed intermediate container ")
        || DOCKER_ID.matcher(line).matches();
  }

  private void startStep(String label) {
    steps++;
    step = label;
    stepStarted = clock.getAsLong();
    stepCached = false;
    switch (mode) {
      case TTY -> {
        out.print(label);
        headerOpen = true;
      }
      case PLAIN -> print(label);
      case QUIET, RAWJSON -> {}
    }
    out.flush();
  }

  private void endStep(boolean ok) {
    if (step.isEmpty()) {
      return;
    }
    String time = seconds(clock.getAsLong() - stepStarted);
    String state = !ok ? "ERROR" : stepCached ? "CACHED" : time;
    switch (mode) {
      case TTY -> {
        if (headerOpen) {
          out.println("  " + state);
        } else {
          out.println("  => " + (ok ? "done " : "") + state);
        }
      }
      case PLAIN -> {
        if (!stepCached || !ok) {
          print((ok ? "DONE " : "ERROR ") + time);
        }
      }
      case QUIET, RAWJSON -> {}
    }
    headerOpen = false;
    step = "";
    out.flush();
  }

  private void output(String line) {
    switch (mode) {
      case TTY -> {
        if (headerOpen) {
          out.println();
          headerOpen = false;
        }
        out.println(step.isEmpty() ? line : "    " + line);
      }
      case PLAIN -> print(line);
      case QUIET, RAWJSON -> {}
    }
    out.flush();
  }

  private void status(JsonNode message) {
    if (mode != Mode.PLAIN && mode != Mode.TTY) {
      return;
    }
    String id = message.path("id").asText("");
    JsonNode detail = message.path("progressDetail");
    String progress =
        detail.hasNonNull("current")
            ? " " + detail.get("current").asLong() + "/" + detail.path("total").asText("?")
            : "";
    output((id.isEmpty() ? "" : id + ": ") + message.get("status").asText() + progress);
  }

  private void flushPending() {
    if (!pending.isEmpty()) {
      String rest = pending.toString();
      pending.setLength(0);
      line(rest);
    }
  }

  /** A line in plain mode: prefixed with the step's number, as BuildKit's plain output reads. */
  private void print(String text) {
    out.println(step.isEmpty() ? text : "#" + steps + " " + text);
  }

  private void explain() {
    if (misses.isEmpty()) {
      out.println("Cache: no step missed with a reason the daemon gave");
      return;
    }
    out.println("Cache misses:");
    for (String miss : misses) {
      out.println("  " + miss);
    }
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
