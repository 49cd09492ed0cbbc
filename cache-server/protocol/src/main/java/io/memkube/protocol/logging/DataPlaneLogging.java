package io.memkube.protocol.logging;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The data plane's one logging style: {@code java.util.logging}, one line per record on stderr
 * ({@code 2026-12-02T22:40:01.123Z WARNING io.memkube...: message}), so container logs stay
 * greppable. docs/architecture.md says why this and not the operator's JBoss Logging.
 */
public final class DataPlaneLogging {
  /** SimpleFormatter's pattern: time, level, logger, message, stack trace. */
  static final String FORMAT = "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n";

  private DataPlaneLogging() {}

  /**
   * Sets the one-line format and the level on the console, unless the JVM was given a logging
   * configuration of its own ({@code java.util.logging.config.file} or {@code .class}).
   *
   * @param verbose INFO and up when true (memcached's {@code -v}), WARNING and up otherwise
   */
  public static void install(boolean verbose) {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    }
    LogManager.getLogManager().reset();
    Handler console = new ConsoleHandler();
    console.setFormatter(new SimpleFormatter());
    Level level = verbose ? Level.INFO : Level.WARNING;
    console.setLevel(level);
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    root.addHandler(console);
  }

  /**
   * Writes one INFO line in the data plane's format straight to stderr, whatever the level: for the
   * lines a program always says (started with which settings, stopped and why). Not through {@code
   * java.util.logging}: its LogManager resets (drops) every handler in a shutdown hook of its own
   * that runs concurrently with the program's, so a stop line logged there can vanish.
   *
   * @param source the name shown where a logger's name would be
   */
  public static void always(String source, String message) {
    System.err.print(
        String.format(
            FORMAT,
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC),
            null,
            source,
            "INFO",
            message,
            ""));
    System.err.flush();
  }
}
