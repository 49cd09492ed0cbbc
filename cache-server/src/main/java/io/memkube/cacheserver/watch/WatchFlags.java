package io.memkube.cacheserver.watch;

/** The event kinds a watcher can ask for, as the words of memcached's {@code watch} command. */
public final class WatchFlags {
  public static final int FETCHERS = 1;
  public static final int MUTATIONS = 1 << 1;
  public static final int EVICTIONS = 1 << 2;
  public static final int CONNEVENTS = 1 << 3;

  /** Words memcached accepts but whose events memkube never produces (no lines, still OK). */
  private static final int ACCEPTED_SILENT = 1 << 4;

  private WatchFlags() {}

  /**
   * The flag for one argument of {@code watch}, or 0 when memcached refuses the word (it answers
   * {@code ERROR}).
   */
  public static int of(String word) {
    return switch (word) {
      case "fetchers" -> FETCHERS;
      case "mutations" -> MUTATIONS;
      case "evictions" -> EVICTIONS;
      case "connevents" -> CONNEVENTS;
      // raw commands, system events and the proxy's logs: memcached's kinds with no producer here
      case "rawcmds", "sysevents", "proxyreqs", "proxyevents", "proxyuser", "deletions" ->
          ACCEPTED_SILENT;
      default -> 0;
    };
  }
}
