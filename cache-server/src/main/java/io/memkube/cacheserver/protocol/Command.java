package io.memkube.cacheserver.protocol;

/** The commands the parser recognises, text protocol first, then the meta protocol. */
public enum Command {
  GET,
  GETS,
  GAT,
  GATS,
  SET,
  ADD,
  REPLACE,
  APPEND,
  PREPEND,
  CAS,
  INCR,
  DECR,
  DELETE,
  TOUCH,
  FLUSH_ALL,
  VERSION,
  VERBOSITY,
  QUIT,
  SHUTDOWN,
  STATS,
  CACHE_MEMLIMIT,
  /** Meta get. */
  MG,
  /** Meta set. */
  MS,
  /** Meta delete. */
  MD,
  /** Meta arithmetic. */
  MA,
  /** Meta no-op. */
  MN,
  /** Meta debug. */
  ME,
  /**
   * A line that is no command memcached knows, or a known command with the wrong number of tokens:
   * the request carries {@link Request#errorLine()} {@code ERROR}.
   */
  UNKNOWN;

  /** Whether this is one of the storage commands that carry a data block. */
  public boolean hasDataBlock() {
    return switch (this) {
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS, MS -> true;
      default -> false;
    };
  }

  /** Whether this is one of the meta commands. */
  public boolean isMeta() {
    return switch (this) {
      case MG, MS, MD, MA, MN, ME -> true;
      default -> false;
    };
  }
}
