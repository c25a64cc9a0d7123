package io.berth.cli;

import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The CLI's one logging set-up: {@link System.Logger} through java.util.logging to stderr, WARN and
 * above unless {@code --debug} or {@code --log-level} say otherwise, one line per record.
 */
final class Logging {
  private Logging() {}

  static void configure(String level) {
    Level threshold =
        switch (level.toLowerCase(Locale.ROOT)) {
          case "debug" -> Level.FINE;
          case "info" -> Level.INFO;
          case "error", "fatal" -> Level.SEVERE;
          default -> Level.WARNING;
        };
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setLevel(threshold);
    stderr.setFormatter(new LineFormatter());
    root.addHandler(stderr);
    root.setLevel(threshold);
  }

  /** {@code 2026-12-04T04:00:00.123Z WARN message key=value…}. */
  private static final class LineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      int v = record.getLevel().intValue();
      String name =
          v >= Level.SEVERE.intValue()
              ? "ERROR"
              : v >= Level.WARNING.intValue()
                  ? "WARN"
                  : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
      return "%s %-5s %s%n"
          .formatted(
              record.getInstant().truncatedTo(ChronoUnit.MILLIS), name, formatMessage(record));
    }
  }
}
