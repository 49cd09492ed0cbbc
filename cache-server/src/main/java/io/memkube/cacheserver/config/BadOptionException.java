package io.memkube.cacheserver.config;

/**
 * A command-line flag memcached would refuse, with the message and exit status memcached 1.6.18
 * gives for it: {@link #EXIT_FAILURE} for what memcached rejects while reading the flags, {@link
 * #EX_USAGE} for what it rejects when checking them together afterwards.
 */
public final class BadOptionException extends IllegalArgumentException {
  /** memcached's {@code EXIT_FAILURE}: a flag or {@code -o} suboption refused as it is read. */
  public static final int EXIT_FAILURE = 1;

  /**
   * sysexits' {@code EX_USAGE}: flags that do not go together (e.g. {@code -I} over half {@code
   * -m}).
   */
  public static final int EX_USAGE = 64;

  /** sysexits' {@code EX_OSERR}: the port could not be bound. */
  public static final int EX_OSERR = 71;

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public BadOptionException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
