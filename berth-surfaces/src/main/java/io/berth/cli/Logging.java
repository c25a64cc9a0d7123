package io.berth.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The CLI's one logging set-up: {@link System.Logger} through java.util.logging to stderr, WARN and
 * above unless {@code --debug} or {@code --log-level} say otherwise, one line per record.
 * java.util.logging starts only when something logs (it is named as the log manager's configuration
 * class), since its start costs a short command a noticeable part of its time and most runs log
 * nothing.
 */
final class Logging {
  private static volatile Level threshold = Level.WARNING;
  private static volatile boolean started;

  private Logging() {}

  static void configure(String level) {
    threshold =
        switch (level.toLowerCase(Locale.ROOT)) {
          case "debug" -> Level.FINE;
          case "info" -> Level.INFO;
          case "error", "fatal" -> Level.SEVERE;
          default -> Level.WARNING;
        };
    if (started) {
      apply();
    } else {
      System.setProperty("java.util.logging.config.class", Config.class.getName());
    }
  }

  private static void apply() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new StderrHandler());
    root.setLevel(threshold);
  }

  /** Made by java.util.logging's log manager when it starts, instead of reading its file. */
  public static final class Config {
    public Config() throws IOException {
      started = true;
      String properties =
          "handlers=" + StderrHandler.class.getName() + "\n.level=" + threshold.getName() + "\n";
      LogManager.getLogManager()
          .readConfiguration(new ByteArrayInputStream(properties.getBytes(ISO_8859_1)));
    }
  }

  /** The root logger's handler: one line per record on stderr, at the CLI's threshold. */
  public static final class StderrHandler extends ConsoleHandler {
    public StderrHandler() {
      setLevel(threshold);
      setFormatter(new LineFormatter());
    }
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
