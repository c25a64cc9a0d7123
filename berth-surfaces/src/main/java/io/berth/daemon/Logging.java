package io.berth.daemon;

import io.berth.errors.BerthException;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's one logging set-up: every {@link System.Logger} goes to java.util.logging, and from
 * there one line per record to stderr, INFO and above unless told otherwise.
 */
public final class Logging {
  private static volatile boolean configured;

  private Logging() {}

  /**
   * Keeps java.util.logging working while shutdown hooks run, so the daemon's last lines (shutting
   * down, stopped) are written; must be called before anything logs.
   */
  public static void keepLoggingAtShutdown() {
    System.setProperty("java.util.logging.manager", Manager.class.getName());
  }

  /** A log manager whose shutdown reset is skipped; the handlers flush on every record anyway. */
  public static final class Manager extends java.util.logging.LogManager {
    @Override
    public void reset() {
      if (!configured) {
        super.reset();
      }
    }
  }

  /** Sends records at {@code level} and above to stderr in berth's line format. */
  public static void configure(String level) {
    Level threshold = parse(level);
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setFormatter(new LineFormatter());
    stderr.setLevel(threshold);
    root.addHandler(stderr);
    root.setLevel(threshold);
    configured = true;
  }

  /** {@code debug}, {@code info}, {@code warn} or {@code error}, as dockerd's --log-level. */
  static Level parse(String level) {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.FINEST;
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn", "warning" -> Level.WARNING;
      case "error", "fatal" -> Level.SEVERE;
      default ->
          throw BerthException.invalid(
              "unable to parse logging level: %s (expected debug, info, warn or error)", level);
    };
  }
}
