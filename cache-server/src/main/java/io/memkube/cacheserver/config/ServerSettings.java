package io.memkube.cacheserver.config;

/**
 * The server's settings, from memcached's command-line flags.
 *
 * @param port TCP port ({@code -p})
 * @param listen address to bind ({@code -l})
 * @param memoryLimitBytes item memory ({@code -m}, megabytes on the command line)
 * @param maxConnections simultaneous connections ({@code -c})
 * @param threads worker threads ({@code -t})
 * @param itemSizeMax largest item ({@code -I})
 * @param verbosity 0, 1 ({@code -v}) or 2 ({@code -vv})
 * @param shutdownEnabled whether the {@code shutdown} command works ({@code -A})
 * @param tcpBacklog listen backlog ({@code -b})
 * @param evictionsEnabled false with {@code -M}: return errors instead of evicting
 * @param tuning memcached's tuning flags ({@code -o} and others), see {@link Tuning}
 */
public record ServerSettings(
    int port,
    String listen,
    long memoryLimitBytes,
    int maxConnections,
    int threads,
    long itemSizeMax,
    int verbosity,
    boolean shutdownEnabled,
    int tcpBacklog,
    boolean evictionsEnabled,
    Tuning tuning) {

  /** Settings with memcached's default tuning. */
  public ServerSettings(
      int port,
      String listen,
      long memoryLimitBytes,
      int maxConnections,
      int threads,
      long itemSizeMax,
      int verbosity,
      boolean shutdownEnabled,
      int tcpBacklog,
      boolean evictionsEnabled) {
    this(
        port,
        listen,
        memoryLimitBytes,
        maxConnections,
        threads,
        itemSizeMax,
        verbosity,
        shutdownEnabled,
        tcpBacklog,
        evictionsEnabled,
        Tuning.defaults());
  }

  /** The version we report: memcached's protocol level, then our own name. */
  public static final String VERSION = "1.6.18-memkube-0.1.0";

  /** memcached's defaults. */
  public static ServerSettings defaults() {
    return new ServerSettings(11211, null, 64L << 20, 1024, 4, 1 << 20, 0, false, 1024, true);
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(
        p,
        listen,
        memoryLimitBytes,
        maxConnections,
        threads,
        itemSizeMax,
        verbosity,
        shutdownEnabled,
        tcpBacklog,
        evictionsEnabled,
        tuning);
  }
}
